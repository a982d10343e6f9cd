import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viridis } from '../../../extension/src/components/colourMap.js';
import { heatMapRaster } from '../../../extension/src/components/heatMapRaster.js';
import type { HeatMap } from '../../../extension/src/services/types.js';

const FRAME = { studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4', frame: 1 };

function heatMap(overrides: Partial<HeatMap> & Pick<HeatMap, 'columns' | 'rows' | 'values'>): HeatMap {
  return { frame: FRAME, modelVersion: 'v1', imageBox: [0, 0, 1, 1], ...overrides };
}

function pixel(rgba: Uint8ClampedArray, width: number, x: number, y: number): number[] {
  const o = 4 * (y * width + x);
  return [rgba[o]!, rgba[o + 1]!, rgba[o + 2]!, rgba[o + 3]!];
}

/** The raster's colour for a value, as the 256-level table quantises it. */
function expected(value: number): number[] {
  return [...viridis(Math.round(value * 255) / 255), 255];
}

describe('heatMapRaster', () => {
  it('tiles the square with the cells: each quadrant takes its own cell value', () => {
    const map = heatMap({ columns: 2, rows: 2, values: new Float32Array([0, 0.25, 0.75, 1]) });
    const rgba = heatMapRaster(map, 4, 4);
    assert.equal(rgba.length, 4 * 4 * 4);
    assert.deepEqual(pixel(rgba, 4, 0, 0), expected(0));
    assert.deepEqual(pixel(rgba, 4, 3, 0), expected(0.25));
    assert.deepEqual(pixel(rgba, 4, 1, 3), expected(0.75));
    assert.deepEqual(pixel(rgba, 4, 3, 3), expected(1));
  });

  it('draws a 7 x 7 map at its own resolution: every pixel is its cell, with no smoothing', () => {
    const values = Float32Array.from({ length: 49 }, (_, i) => i / 48);
    const rgba = heatMapRaster(heatMap({ columns: 7, rows: 7, values }), 70, 70);
    for (let y = 0; y < 70; y++) {
      for (let x = 0; x < 70; x++) {
        const cell = Math.floor(y / 10) * 7 + Math.floor(x / 10);
        assert.deepEqual(pixel(rgba, 70, x, y), expected(values[cell]!), `pixel ${x}, ${y}`);
      }
    }
  });

  it('maps the canvas onto the image box of the letterboxed square', () => {
    // The image fills the right half of the square: only the right column of cells lies on it.
    const map = heatMap({
      columns: 2,
      rows: 2,
      values: new Float32Array([0.25, 0.75, 0.25, 0.75]),
      imageBox: [0.5, 0, 0.5, 1],
    });
    const rgba = heatMapRaster(map, 3, 3);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 3; x++) assert.deepEqual(pixel(rgba, 3, x, y), expected(0.75));
  });

  it('leaves pixels transparent outside the square (a cropped image) or where a value is not finite', () => {
    // A cropped wide image: it overflows the square by a quarter on each side.
    const map = heatMap({
      columns: 2,
      rows: 2,
      values: new Float32Array([NaN, 0.5, 0.5, 0.5]),
      imageBox: [-0.25, 0, 1.5, 1],
    });
    const rgba = heatMapRaster(map, 6, 2);
    assert.equal(pixel(rgba, 6, 0, 1)[3], 0, 'left of the square');
    assert.equal(pixel(rgba, 6, 5, 1)[3], 0, 'right of the square');
    assert.equal(pixel(rgba, 6, 1, 0)[3], 0, 'a NaN cell');
    assert.deepEqual(pixel(rgba, 6, 2, 1), expected(0.5));
    assert.deepEqual(pixel(rgba, 6, 4, 0), expected(0.5));
  });

  it('clamps values outside [0, 1] to the ends of the colour map', () => {
    const map = heatMap({ columns: 1, rows: 1, values: new Float32Array([1.7]) });
    assert.deepEqual(pixel(heatMapRaster(map, 1, 1), 1, 0, 0), expected(1));
  });

  it('returns an empty raster for a zero-sized canvas and rejects inconsistent input', () => {
    const map = heatMap({ columns: 2, rows: 2, values: new Float32Array(4) });
    assert.equal(heatMapRaster(map, 0, 10).length, 0);
    assert.throws(() => heatMapRaster(map, 2.5, 2), RangeError);
    assert.throws(() => heatMapRaster({ ...map, values: new Float32Array(3) }, 2, 2), RangeError);
    assert.throws(() => heatMapRaster({ ...map, columns: 0, values: new Float32Array(0) }, 2, 2), RangeError);
  });
});

describe('viridis', () => {
  it('runs from dark purple to yellow and gets lighter along the way', () => {
    assert.deepEqual(viridis(0), [68, 1, 84]);
    assert.deepEqual(viridis(1), [253, 231, 37]);
    assert.deepEqual(viridis(-3), viridis(0));
    const luma = (t: number) => {
      const [r, g, b] = viridis(t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let i = 1; i <= 100; i++) assert.ok(luma(i / 100) > luma((i - 1) / 100), `lighter at ${i / 100}`);
  });
});
