import type { HeatMap } from '../services/types.js';
import { viridis } from './colourMap.js';

/** Viridis at 256 levels, RGB interleaved, so the per-pixel loop only indexes. */
const LUT = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(viridis(i / 255), i * 3);
  return lut;
})();

/**
 * The heat map as RGBA pixels for a canvas of width x height that covers the image box (the image inside the
 * model-input square). The cells tile that square evenly; each pixel takes the value of the cell its centre
 * falls in (no smoothing, so a reader sees the map's true resolution), coloured by viridis on the absolute
 * [0, 1] scale (so maps of different images compare). Alpha is 255 there, and 0 where the pixel lies
 * outside the square (a cropped image's overflow) or its cell is not finite. The caller applies the user's
 * opacity to the whole canvas.
 */
export function heatMapRaster(
  heatMap: Pick<HeatMap, 'columns' | 'rows' | 'values' | 'imageBox'>,
  width: number,
  height: number,
): Uint8ClampedArray<ArrayBuffer> {
  assertSize('width', width);
  assertSize('height', height);
  const { columns, rows, values, imageBox } = heatMap;
  if (!(columns >= 1 && rows >= 1) || values.length !== columns * rows) {
    throw new RangeError(`heat map has ${values.length} values for ${columns} x ${rows} cells`);
  }
  const [boxX, boxY, boxWidth, boxHeight] = imageBox;
  const xCells = cellIndices(width, boxX, boxWidth, columns);
  const yCells = cellIndices(height, boxY, boxHeight, rows);

  const rgba = new Uint8ClampedArray(width * height * 4);
  const rowBytes = 4 * width;
  for (let y = 0; y < height; y++) {
    const row = yCells[y]!;
    if (row < 0) continue;
    // A pixel row in the same cell row as the one above is the same: copied, so a 512 px canvas costs
    // about `rows` computed rows, not 512 (well under a millisecond on the main thread).
    if (y > 0 && yCells[y - 1] === row) {
      rgba.copyWithin(y * rowBytes, (y - 1) * rowBytes, y * rowBytes);
      continue;
    }
    for (let x = 0; x < width; x++) {
      const column = xCells[x]!;
      if (column < 0) continue;
      const v = values[row * columns + column]!;
      if (!Number.isFinite(v)) continue;
      const level = 3 * Math.round(Math.min(1, Math.max(0, v)) * 255);
      const o = 4 * (y * width + x);
      rgba[o] = LUT[level]!;
      rgba[o + 1] = LUT[level + 1]!;
      rgba[o + 2] = LUT[level + 2]!;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

function assertSize(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}

/**
 * For each of `pixels` pixels along one axis, the cell (of `n` across the model-input square) its centre
 * falls in, or -1 outside the square. The pixels span the image box [offset, offset + extent] of the square.
 */
function cellIndices(pixels: number, offset: number, extent: number, n: number): Int32Array {
  const cells = new Int32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const u = offset + ((p + 0.5) / pixels) * extent;
    cells[p] = u >= 0 && u < 1 ? Math.min(n - 1, Math.floor(u * n)) : -1;
  }
  return cells;
}
