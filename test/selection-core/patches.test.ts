import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  assertAugmentationPlan,
  buildPlan,
  extractPatch,
  extractPatches,
  IDENTITY,
  PLAN_PRESETS,
} from '@aift/selection-core';
import type { ImagePlane, PatchTransform } from '@aift/selection-core';

const image2x2: ImagePlane = { data: Float32Array.from([1, 2, 3, 4]), width: 2, height: 2, channels: 1 };
const t = (overrides: Partial<PatchTransform>): PatchTransform => ({ ...IDENTITY, ...overrides });

describe('extractPatch', () => {
  it('maps the 2 x 2 image [[1, 2], [3, 4]] through flips and quarter turns', () => {
    const render = (transform: PatchTransform) => [...extractPatch(image2x2, transform, 2)];
    assert.deepEqual(render(IDENTITY), [1, 2, 3, 4]);
    assert.deepEqual(render(t({ flip: true })), [2, 1, 4, 3]);
    // A counter-clockwise quarter turn brings the right column to the top: [[2, 4], [1, 3]].
    assert.deepEqual(render(t({ rot90: 1 })), [2, 4, 1, 3]);
    assert.deepEqual(render(t({ rot90: 2 })), [4, 3, 2, 1]);
    assert.deepEqual(render(t({ rot90: 3 })), [3, 1, 4, 2]);
    // Mirror first, then turn: [[2, 1], [4, 3]] turned counter-clockwise is [[1, 3], [2, 4]].
    assert.deepEqual(render(t({ flip: true, rot90: 1 })), [1, 3, 2, 4]);
  });

  it('samples bilinearly at pixel centres', () => {
    // One output pixel covering the whole image reads its centre (0.5, 0.5): the mean, 2.5.
    assert.deepEqual([...extractPatch(image2x2, IDENTITY, 1)], [2.5]);
    // A half-size crop shifted to the top-left quarter reads pixel 1 exactly.
    assert.deepEqual([...extractPatch(image2x2, t({ scale: 0.5, dx: -0.25, dy: -0.25 }), 1)], [1]);
  });

  it('keeps channels interleaved', () => {
    const rgb: ImagePlane = {
      data: Float32Array.from([1, 10, 100, 2, 20, 200]),
      width: 2,
      height: 1,
      channels: 3,
    };
    assert.deepEqual([...extractPatch(rgb, t({ flip: true }), 2)].slice(0, 6), [2, 20, 200, 1, 10, 100]);
  });

  it('at full size, the identity is exact and a half turn reverses the pixels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (n, seed) => {
        const data = Float32Array.from({ length: n * n }, (_, i) => (((i * 7919 + seed) >>> 0) % 256) / 255);
        const square: ImagePlane = { data, width: n, height: n, channels: 1 };
        assert.deepEqual(extractPatch(square, IDENTITY, n), data);
        assert.deepEqual(extractPatch(square, t({ rot90: 2 }), n), data.slice().reverse());
      }),
    );
  });

  it('rejects an image whose data does not match its size', () => {
    const bad: ImagePlane = { data: new Float32Array(3), width: 2, height: 2, channels: 1 };
    assert.throws(() => extractPatch(bad, IDENTITY, 2), /image has 3 values, expected 2 x 2 x 1/);
    assert.throws(() => extractPatch(image2x2, IDENTITY, 0), /patch size must be a positive integer/);
  });

  it('stacks all patches of a plan as one NHWC batch', () => {
    const plan = buildPlan(PLAN_PRESETS.dihedral);
    const batch = extractPatches(image2x2, plan, 2);
    assert.equal(batch.length, 8 * 4);
    assert.deepEqual([...batch.subarray(0, 4)], [1, 2, 3, 4]);
  });
});

describe('augmentation plans', () => {
  it('presets are valid, start with the plain image and have the documented sizes', () => {
    const sizes = { identity: 1, dihedral: 8, paper: 24 };
    for (const [name, grid] of Object.entries(PLAN_PRESETS)) {
      const plan = buildPlan(grid);
      assert.equal(plan.transforms.length, sizes[name as keyof typeof sizes], name);
      assert.deepEqual(plan.transforms[0], IDENTITY, name);
    }
  });

  it('keeps crops inside the image and shifts at most 10% in the paper preset', () => {
    for (const tr of buildPlan(PLAN_PRESETS.paper).transforms) {
      assert.ok(Math.abs(tr.dx) <= Math.min(0.1, (1 - tr.scale) / 2) + 1e-12);
      assert.ok(Math.abs(tr.dy) <= Math.min(0.1, (1 - tr.scale) / 2) + 1e-12);
    }
  });

  it('takes m transforms spread over the grid, and JSON round-trips', () => {
    const plan = buildPlan({ ...PLAN_PRESETS.paper, patches: 8 });
    assert.equal(plan.transforms.length, 8);
    assert.equal(new Set(plan.transforms.map((x) => x.scale)).size, 3);
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
    assert.throws(
      () => buildPlan({ ...PLAN_PRESETS.paper, patches: 25 }),
      /patches must be an integer in \[1, 24\]/,
    );
  });

  it('rejects crops outside the image, crops that cut too much, and repeats', () => {
    const plan = (...transforms: PatchTransform[]) => ({ name: 'custom', transforms });
    assert.throws(
      () => assertAugmentationPlan(plan(t({ scale: 0.9, dx: 0.1 }))),
      /transform 0: shift \(0.1, 0\) moves a 0.9 crop outside the image/,
    );
    assert.throws(() => assertAugmentationPlan(plan(t({ scale: 0.5 }))), /leaves out 0.750 of the image/);
    assert.doesNotThrow(() => assertAugmentationPlan(plan(t({ scale: 0.5 })), 0.8));
    assert.throws(() => assertAugmentationPlan(plan(IDENTITY, IDENTITY)), /transform 1: repeats/);
    assert.throws(() => assertAugmentationPlan(plan()), /has no transforms/);
    assert.throws(() => assertAugmentationPlan(plan(t({ rot90: 4 as 0 }))), /rot90 one of 0, 1, 2, 3/);
  });
});
