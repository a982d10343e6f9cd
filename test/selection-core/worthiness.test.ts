import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keptPatchCount, majoritySelect, worthiness } from '@aift/selection-core';
import { binaryPool, patchProbabilities, pool } from './arbitraries.js';

const close = (actual: number, expected: number, tolerance = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('majoritySelect', () => {
  it('keeps round(alpha * m) patches, at least one', () => {
    assert.equal(keptPatchCount(24, 0.25), 6);
    assert.equal(keptPatchCount(8, 0.25), 2);
    assert.equal(keptPatchCount(3, 0.1), 1);
    assert.equal(keptPatchCount(8, 1), 8);
  });

  it('keeps the patches most confident in the dominant class', () => {
    // P(class 1) = 0.9, 0.6, 0.3, 0.8: mean 0.65 > 0.5, so class 1 dominates; alpha 0.5 keeps 0.9 and 0.8.
    const kept = majoritySelect(binaryPool([[0.9, 0.6, 0.3, 0.8]]), 0.5);
    assert.equal(kept.nPatches, 2);
    assert.deepEqual(
      [...kept.data].map((v) => +v.toFixed(12)),
      [0.1, 0.9, 0.2, 0.8],
    );
  });

  it('follows the binary demo: low-to-high when the mean is below 0.5', () => {
    // P(class 1) = 0.1, 0.6, 0.3, 0.2: mean 0.3, class 0 dominates; keep the lowest P(1): 0.1 and 0.2.
    const kept = majoritySelect(binaryPool([[0.1, 0.6, 0.3, 0.2]]), 0.5);
    assert.deepEqual(
      [...kept.data].map((v) => +v.toFixed(12)),
      [0.9, 0.1, 0.8, 0.2],
    );
  });

  it('rejects alpha outside (0, 1]', () => {
    for (const alpha of [0, -0.1, 1.5, Number.NaN]) {
      assert.throws(() => majoritySelect(binaryPool([[0.5]]), alpha), /alpha must be in \(0, 1\]/);
    }
  });
});

describe('worthiness', () => {
  // One candidate, 4 patches, P(class 1) = 0.9, 0.6, 0.3, 0.8; alpha 0.5 keeps [0.1, 0.9] and [0.2, 0.8].
  const p = binaryPool([[0.9, 0.6, 0.3, 0.8]]);
  // e = -(1/2) * (0.1 ln 0.1 + 0.9 ln 0.9 + 0.2 ln 0.2 + 0.8 ln 0.8)
  const e = -(0.1 * Math.log(0.1) + 0.9 * Math.log(0.9) + 0.2 * Math.log(0.2) + 0.8 * Math.log(0.8)) / 2;
  // d = (0.1 - 0.2) ln(0.1/0.2) + (0.9 - 0.8) ln(0.9/0.8) = 0.1 ln 2 + 0.1 ln(9/8)
  const d = 0.1 * Math.LN2 + 0.1 * Math.log(9 / 8);

  it('returns its parts and their weighted sum', () => {
    const parts = worthiness(p, { alpha: 0.5, lambda1: 1, lambda2: 1 });
    close(parts.entropy[0]!, e);
    close(parts.diversity[0]!, d);
    close(parts.worthiness[0]!, e + d);
    assert.equal(parts.keptPatches, 2);
    assert.equal(parts.predictedClass[0], 1);
    close(parts.probability[0]!, 0.65, 1e-12);
  });

  it('uses the lambdas as weights', () => {
    close(worthiness(p, { alpha: 0.5, lambda1: 1, lambda2: 0 }).worthiness[0]!, e);
    close(worthiness(p, { alpha: 0.5, lambda1: 0, lambda2: 1 }).worthiness[0]!, d);
    close(worthiness(p, { alpha: 0.5, lambda1: 2, lambda2: 0.5 }).worthiness[0]!, 2 * e + 0.5 * d);
  });

  it('ranks a candidate whose patches disagree above one whose patches agree', () => {
    const parts = worthiness(
      binaryPool([
        [0.9, 0.92, 0.91, 0.9],
        [0.9, 0.4, 0.7, 0.2],
      ]),
      {
        alpha: 1,
        lambda1: 1,
        lambda2: 1,
      },
    );
    assert.ok(parts.worthiness[1]! > parts.worthiness[0]!);
  });

  it('is finite with no NaN when predictions are exactly 0 and 1', () => {
    const parts = worthiness(
      pool([
        [
          [1, 0],
          [0, 1],
          [1, 0],
          [0, 1],
        ],
      ]),
      { alpha: 1, lambda1: 1, lambda2: 1 },
    );
    for (const v of [parts.entropy[0], parts.diversity[0], parts.worthiness[0]])
      assert.ok(Number.isFinite(v));
  });

  it('never returns a part below 0', () => {
    fc.assert(
      fc.property(patchProbabilities(), fc.double({ min: 0.01, max: 1, noNaN: true }), (q, alpha) => {
        const parts = worthiness(q, { alpha, lambda1: 1, lambda2: 1 });
        assert.ok(parts.entropy.every((v) => v >= 0) && parts.diversity.every((v) => v >= 0));
      }),
    );
  });
});

describe('input validation', () => {
  const options = { alpha: 0.25, lambda1: 1, lambda2: 1 };

  it('names the candidate and patch whose row does not sum to 1', () => {
    assert.throws(
      () => worthiness(pool([[[0.5, 0.5]], [[0.5, 0.3]]]), options),
      /candidate 1, patch 0: probabilities sum to 0.8/,
    );
  });

  it('rejects NaN, negative values and wrong shapes', () => {
    assert.throws(() => worthiness(pool([[[Number.NaN, 1]]]), options), /candidate 0, patch 0, class 0/);
    assert.throws(() => worthiness(pool([[[-0.5, 1.5]]]), options), /not in \[0, 1\]/);
    const wrongLength = { data: new Float64Array(5), nCandidates: 1, nPatches: 2, nClasses: 2 };
    assert.throws(() => worthiness(wrongLength, options), /data has 5 values, expected .* = 4/);
    const oneClass = { data: new Float64Array([1]), nCandidates: 1, nPatches: 1, nClasses: 1 };
    assert.throws(() => worthiness(oneClass, options), /nClasses must be an integer >= 2/);
  });

  it('rejects bad alpha and lambdas', () => {
    const p = binaryPool([[0.5, 0.5]]);
    assert.throws(() => worthiness(p, { ...options, alpha: 0 }), /alpha/);
    assert.throws(() => worthiness(p, { ...options, lambda1: -1 }), /lambda1/);
    assert.throws(() => worthiness(p, { ...options, lambda2: Number.POSITIVE_INFINITY }), /lambda2/);
  });
});
