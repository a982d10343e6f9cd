import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractPatch, IDENTITY } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import { DEFAULT_FIT, toModelInput } from '../../../selection-core/src/preprocess/toModelInput.js';
import { assertClose } from './assertClose.js';

function plane(width: number, height: number, values: readonly number[], channels = 1): ImagePlane {
  return { data: Float32Array.from(values), width, height, channels };
}

describe('toModelInput', () => {
  it('letterboxes by default', () => {
    assert.equal(DEFAULT_FIT, 'letterbox');
  });

  it('makes square size x size planes with the channels the model takes', () => {
    const wide = plane(4, 2, [0, 1, 2, 3, 4, 5, 6, 7]);
    for (const fit of ['letterbox', 'crop'] as const) {
      for (const channels of [1, 3] as const) {
        const out = toModelInput(wide, { size: 8, channels, fit });
        assert.deepEqual(
          [out.width, out.height, out.channels, out.data.length],
          [8, 8, channels, 8 * 8 * channels],
        );
      }
    }
  });

  it('letterbox: a 2 x 1 image in 4 x 4 fills the middle rows and pads the others with 0', () => {
    // side = max(2, 1) = 2. x: centre = ((u + 0.5) / 4 - 0.5) x 2 + 1 = 0.25, 0.75, 1.25, 1.75;
    // sample at centre - 0.5 = -0.25 -> 0 (clamped), 0.25, 0.75, 1.25 -> 1 (clamped): values 0, 0.25, 0.75, 1.
    // y: centre = ((v + 0.5) / 4 - 0.5) x 2 + 0.5 = -0.25, 0.25, 0.75, 1.25: only rows 1 and 2 are inside [0, 1).
    const out = toModelInput(plane(2, 1, [0, 1]), { size: 4, channels: 1 });
    const row = [0, 0.25, 0.75, 1];
    assertClose(out.data, [0, 0, 0, 0, ...row, ...row, 0, 0, 0, 0]);
  });

  it('crop: a 4 x 2 image in 2 x 2 keeps the two centre columns', () => {
    // side = min(4, 2) = 2. x: centre = ((u + 0.5) / 2 - 0.5) x 2 + 2 = 1.5, 2.5 -> columns 1 and 2 exactly;
    // y: centre = 0.5, 1.5 -> rows 0 and 1.
    const out = toModelInput(plane(4, 2, [0, 1, 2, 3, 4, 5, 6, 7]), { size: 2, channels: 1, fit: 'crop' });
    assertClose(out.data, [1, 2, 5, 6]);
  });

  it('upsamples 2 x 2 to 4 x 4 bilinearly, clamped at the edges', () => {
    // source [[0, 1], [2, 3]] = x + 2 y; sample positions in x and y: 0 (clamped), 0.25, 0.75, 1 (clamped)
    const out = toModelInput(plane(2, 2, [0, 1, 2, 3]), { size: 4, channels: 1 });
    const at = [0, 0.25, 0.75, 1];
    assertClose(
      out.data,
      at.flatMap((y) => at.map((x) => x + 2 * y)),
    );
  });

  it('replicates grey into 3 equal channels and keeps colour channels apart', () => {
    const grey = toModelInput(plane(2, 2, [0, 1, 2, 3]), { size: 3, channels: 3 });
    for (let i = 0; i < 9; i++) {
      assert.equal(grey.data[3 * i], grey.data[3 * i + 1]);
      assert.equal(grey.data[3 * i], grey.data[3 * i + 2]);
    }
    const colour = toModelInput(plane(1, 1, [0.1, 0.5, 0.9], 3), { size: 2, channels: 3 });
    assertClose(colour.data, [0.1, 0.5, 0.9, 0.1, 0.5, 0.9, 0.1, 0.5, 0.9, 0.1, 0.5, 0.9]);
  });

  it('samples a square image as extractPatch does with the identity transform', () => {
    const values = Array.from({ length: 5 * 5 }, (_, i) => ((i * 37) % 11) / 10);
    const square = plane(5, 5, values);
    for (const size of [3, 5, 8]) {
      const expected = Array.from(extractPatch(square, IDENTITY, size));
      for (const fit of ['letterbox', 'crop'] as const) {
        assertClose(toModelInput(square, { size, channels: 1, fit }).data, expected, 1e-6);
      }
    }
  });

  it('rejects bad sizes, channel counts and fits', () => {
    const grey = plane(2, 2, [0, 1, 2, 3]);
    assert.throws(() => toModelInput(grey, { size: 0, channels: 3 }), /size must be a positive integer/);
    assert.throws(() => toModelInput(grey, { size: 2, channels: 2 as 3 }), /channels must be 1 or 3/);
    assert.throws(() => toModelInput(plane(1, 1, [0, 0, 0], 3), { size: 2, channels: 1 }), /colour/);
    assert.throws(() => toModelInput(plane(1, 1, [0, 0], 2), { size: 2, channels: 3 }), /2 channels/);
    assert.throws(() => toModelInput(plane(2, 2, [0, 1, 2]), { size: 2, channels: 1 }), /3 values/);
    assert.throws(
      () => toModelInput(grey, { size: 2, channels: 1, fit: 'stretch' as 'crop' }),
      /fit must be 'letterbox' or 'crop'/,
    );
  });
});
