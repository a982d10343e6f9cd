import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRng, createScoring, STRATEGIES, STRATEGY_NAMES, worthiness } from '@aift/selection-core';
import { binaryPool, patchProbabilities } from './arbitraries.js';

describe('createScoring (the rule server and viewer share)', () => {
  it("gives the AIFT parts and the named strategy's worthiness, for every strategy", () => {
    fc.assert(
      fc.property(patchProbabilities(), fc.constantFrom(...STRATEGY_NAMES), (p, strategy) => {
        const scores = createScoring({ strategy, alpha: 0.5, seed: 3 })(p);
        assert.deepEqual(scores.parts, worthiness(p, { alpha: 0.5, lambda1: 1, lambda2: 1 }));
        const expected = STRATEGIES[strategy].create({ alpha: 0.5, rng: createRng(3) })(p);
        assert.deepEqual(scores.worthiness, expected);
      }),
      { numRuns: 60 },
    );
  });

  it("ranks by the parts' worthiness under 'aift'", () => {
    const p = binaryPool([
      [0.9, 0.6, 0.3, 0.8],
      [0.5, 0.5, 0.5, 0.5],
    ]);
    const { parts, worthiness: w } = createScoring({ strategy: 'aift', alpha: 0.5, seed: 0 })(p);
    assert.deepEqual(w, parts.worthiness);
  });

  it("draws 'random' from one stream across calls, so chunks of a pool get fresh values", () => {
    const p = binaryPool([[0.9], [0.2]]);
    const score = createScoring({ strategy: 'random', alpha: 0.25, seed: 7 });
    assert.notDeepEqual(score(p).worthiness, score(p).worthiness);
  });
});
