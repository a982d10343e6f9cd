import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viridis } from '../../../extension/src/components/colourMap.js';
import { heatMapRaster } from '../../../extension/src/components/heatMapRaster.js';
import type { HeatMap } from '../../../extension/src/services/types.js';

const FRAME = { studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4', frame: 1 };

function heatMap(overrides: Partial<HeatMap> & Pick<HeatMap, 'columns' | 'rows' | 'values'>): HeatMap {
  return { frame: FRAME, modelVersion: 'v1', window: 0.5, stride: 0.5, imageBox: [0, 0, 1, 1], ...overrides };
}

function pixel(rgba: Uint8ClampedArray, width: number, x: number, y: number): number[] {
  const o = 4 * (y * width + x);
  return [rgba[o]!, rgba[o + 1]!, rgba[o + 2]!, rgba[o + 3]!];
}

/** The raster's colour for a mean value, as the 256-level table quantises it. */
function expected(mean: number): number[] {
  return [...viridis(Math.round(mean * 255) / 255), 255];
}

describe('heatMapRaster', () => {
  it('tiles non-overlapping windows: each quadrant takes its own window value', () => {
    const map = heatMap({ columns: 2, rows: 2, values: new Float32Array([0, 0.25, 0.75, 1]) });
    const rgba = heatMapRaster(map, 4, 4);
    assert.equal(rgba.length, 4 * 4 * 4);
    assert.deepEqual(pixel(rgba, 4, 0, 0), expected(0));
    assert.deepEqual(pixel(rgba, 4, 3, 0), expected(0.25));
    assert.deepEqual(pixel(rgba, 4, 1, 3), expected(0.75));
    assert.deepEqual(pixel(rgba, 4, 3, 3), expected(1));
  });

  it('averages the windows that overlap a pixel', () => {
    // Three windows of 0.5 at stride 0.25 along x: [0, .5), [.25, .75), [.5, 1).
    const map = heatMap({
      columns: 3,
      rows: 1,
      window: 0.5,
      stride: 0.25,
      values: new Float32Array([0, 0.5, 0.75]),
    });
    // One row of windows 0.5 high covers only the top half of the square.
    const rgba = heatMapRaster(map, 8, 2);
    assert.deepEqual(pixel(rgba, 8, 0, 0), expected(0)); // centre 1/16: window 0 only
    assert.deepEqual(pixel(rgba, 8, 3, 0), expected(0.25)); // centre 7/16: windows 0 and 1
    assert.deepEqual(pixel(rgba, 8, 5, 0), expected(0.625)); // centre 11/16: windows 1 and 2
    assert.deepEqual(pixel(rgba, 8, 7, 0), expected(0.75)); // centre 15/16: window 2 only
    assert.equal(pixel(rgba, 8, 0, 1)[3], 0, 'the bottom half has no window: transparent');
  });

  it('maps the canvas onto the image box of the letterboxed square', () => {
    // The image fills the right half of the square; the left window never reaches it.
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

  it('leaves pixels transparent where the stride left a margin or the values are not finite', () => {
    // Two windows of 0.4 at stride 0.4 cover [0, 0.8); the last fifth is uncovered.
    const map = heatMap({
      columns: 2,
      rows: 2,
      window: 0.4,
      stride: 0.4,
      values: new Float32Array([NaN, 0.5, 0.5, 0.5]),
    });
    const rgba = heatMapRaster(map, 5, 5);
    assert.equal(pixel(rgba, 5, 4, 0)[3], 0);
    assert.equal(pixel(rgba, 5, 0, 4)[3], 0);
    assert.equal(pixel(rgba, 5, 0, 0)[3], 0, 'only a NaN window covers this pixel');
    assert.deepEqual(pixel(rgba, 5, 2, 2), expected(0.5));
  });

  it('clamps values outside [0, 1] to the ends of the colour map', () => {
    const map = heatMap({ columns: 1, rows: 1, window: 1, stride: 1, values: new Float32Array([1.7]) });
    assert.deepEqual(pixel(heatMapRaster(map, 1, 1), 1, 0, 0), expected(1));
  });

  it('returns an empty raster for a zero-sized canvas and rejects inconsistent input', () => {
    const map = heatMap({ columns: 2, rows: 2, values: new Float32Array(4) });
    assert.equal(heatMapRaster(map, 0, 10).length, 0);
    assert.throws(() => heatMapRaster(map, 2.5, 2), RangeError);
    assert.throws(() => heatMapRaster({ ...map, values: new Float32Array(3) }, 2, 2), RangeError);
    assert.throws(() => heatMapRaster({ ...map, stride: 0 }, 2, 2), RangeError);
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
