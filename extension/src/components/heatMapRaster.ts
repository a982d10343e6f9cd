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
 * letterboxed model-input square). Each pixel is the mean value of the windows whose square contains the
 * pixel's centre, coloured by viridis on the absolute [0, 1] scale (so maps of different images compare);
 * alpha is 255 there and 0 where no window (or only non-finite values) covers the pixel, e.g. a margin the
 * stride left over. The caller applies the user's opacity to the whole canvas.
 */
export function heatMapRaster(
  heatMap: HeatMap,
  width: number,
  height: number,
): Uint8ClampedArray<ArrayBuffer> {
  assertSize('width', width);
  assertSize('height', height);
  const { columns, rows, values, window, stride, imageBox } = heatMap;
  if (values.length !== columns * rows) {
    throw new RangeError(`heat map has ${values.length} values for ${columns} x ${rows} windows`);
  }
  if (!(window > 0 && stride > 0)) {
    throw new RangeError(`heat map window and stride must be > 0, got ${window} and ${stride}`);
  }
  const [boxX, boxY, boxWidth, boxHeight] = imageBox;
  const xRanges = coveringWindows(width, boxX, boxWidth, columns, window, stride);
  const yRanges = coveringWindows(height, boxY, boxHeight, rows, window, stride);
  const { sum, count } = summedAreaTables(values, columns, rows);
  const stride1 = columns + 1;

  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const r0 = yRanges[2 * y]!;
    const r1 = yRanges[2 * y + 1]!; // exclusive
    if (r0 >= r1) continue;
    for (let x = 0; x < width; x++) {
      const c0 = xRanges[2 * x]!;
      const c1 = xRanges[2 * x + 1]!;
      if (c0 >= c1) continue;
      const a = r0 * stride1 + c0;
      const b = r0 * stride1 + c1;
      const c = r1 * stride1 + c0;
      const d = r1 * stride1 + c1;
      const n = count[d]! - count[b]! - count[c]! + count[a]!;
      if (n === 0) continue;
      const mean = (sum[d]! - sum[b]! - sum[c]! + sum[a]!) / n;
      const level = 3 * Math.round(Math.min(1, Math.max(0, mean)) * 255);
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
 * For each of `pixels` pixels along one axis, the half-open range [first, last + 1) of the windows (of `n`,
 * at `stride` apart, `window` wide, in model-square fractions) that contain the pixel's centre. The pixels span
 * the image box [offset, offset + extent] of the square.
 */
function coveringWindows(
  pixels: number,
  offset: number,
  extent: number,
  n: number,
  window: number,
  stride: number,
): Int32Array {
  const ranges = new Int32Array(2 * pixels);
  for (let p = 0; p < pixels; p++) {
    const u = offset + ((p + 0.5) / pixels) * extent;
    // Window i covers [i * stride, i * stride + window).
    ranges[2 * p] = Math.max(0, Math.floor((u - window) / stride) + 1);
    ranges[2 * p + 1] = Math.max(0, Math.min(n - 1, Math.floor(u / stride)) + 1);
  }
  return ranges;
}

/** Summed-area tables ((rows + 1) x (columns + 1)) of the finite values and of how many there are. */
function summedAreaTables(
  values: Float32Array,
  columns: number,
  rows: number,
): { sum: Float64Array; count: Float64Array } {
  const w = columns + 1;
  const sum = new Float64Array(w * (rows + 1));
  const count = new Float64Array(w * (rows + 1));
  for (let r = 0; r < rows; r++) {
    let rowSum = 0;
    let rowCount = 0;
    for (let c = 0; c < columns; c++) {
      const v = values[r * columns + c]!;
      if (Number.isFinite(v)) {
        rowSum += v;
        rowCount += 1;
      }
      sum[(r + 1) * w + c + 1] = sum[r * w + c + 1]! + rowSum;
      count[(r + 1) * w + c + 1] = count[r * w + c + 1]! + rowCount;
    }
  }
  return { sum, count };
}
