import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  diversity,
  entropy,
  LOG_EPSILON,
  leastConfidence,
  margin,
  STRATEGIES,
  STRATEGY_NAMES,
  createRng,
  ttaVariance,
} from '@aift/selection-core';
import { binaryPool, patchProbabilities, pool, shufflePatches } from './arbitraries.js';

const close = (actual: number, expected: number, tolerance = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('entropy', () => {
  it('is the mean patch entropy in nats', () => {
    // Patches [0.5, 0.5] and [1, 0]: -(1/2) * (0.5 ln 0.5 + 0.5 ln 0.5 + 1 ln 1 + 0) = 0.5 ln 2.
    close(
      entropy(
        pool([
          [
            [0.5, 0.5],
            [1, 0],
          ],
        ]),
      )[0]!,
      0.5 * Math.LN2,
    );
    // Three classes, one patch [0.5, 0.25, 0.25]: -(0.5 ln 0.5 + 2 * 0.25 ln 0.25) = 1.5 ln 2.
    close(entropy(pool([[[0.5, 0.25, 0.25]]]))[0]!, 1.5 * Math.LN2);
  });

  it('is 0, not NaN, for certain predictions', () => {
    assert.deepEqual(
      [
        ...entropy(
          pool([
            [
              [1, 0],
              [0, 1],
            ],
          ]),
        ),
      ],
      [0],
    );
  });
});

describe('diversity', () => {
  it('is the pairwise symmetric KL divergence', () => {
    // [0.8, 0.2] vs [0.4, 0.6]: (0.8 - 0.4) ln(0.8/0.4) + (0.2 - 0.6) ln(0.2/0.6) = 0.4 ln 2 + 0.4 ln 3 = 0.4 ln 6.
    close(
      diversity(
        pool([
          [
            [0.8, 0.2],
            [0.4, 0.6],
          ],
        ]),
      )[0]!,
      0.4 * Math.log(6),
      1e-6,
    );
    // Three patches sum three pairs: a = [0.5, 0.5], b = [0.8, 0.2], c = [0.5, 0.5]:
    // d(a,b) = d(b,c) = 0.3 ln(0.8/0.5) - 0.3 ln(0.2/0.5) = 0.3 ln 4; d(a,c) = 0. Total 0.6 ln 4.
    close(
      diversity(
        pool([
          [
            [0.5, 0.5],
            [0.8, 0.2],
            [0.5, 0.5],
          ],
        ]),
      )[0]!,
      0.6 * Math.log(4),
      1e-6,
    );
  });

  it('stays finite at probabilities of exactly 0 and 1, bounded by the epsilon', () => {
    // [1, 0] vs [0, 1]: 2 * (1 - 0) * ln((1 + eps) / eps).
    const d = diversity(
      pool([
        [
          [1, 0],
          [0, 1],
        ],
      ]),
    )[0]!;
    close(d, 2 * Math.log((1 + LOG_EPSILON) / LOG_EPSILON), 1e-9);
    assert.ok(Number.isFinite(d));
  });
});

describe('baseline scores', () => {
  it('margin is minus the gap between the two top classes of the mean prediction', () => {
    // Mean of [0.6, 0.3, 0.1] and [0.8, 0.1, 0.1] is [0.7, 0.2, 0.1]: -(0.7 - 0.2) = -0.5.
    close(
      margin(
        pool([
          [
            [0.6, 0.3, 0.1],
            [0.8, 0.1, 0.1],
          ],
        ]),
      )[0]!,
      -0.5,
    );
  });

  it('least confidence is 1 - the top class of the mean prediction', () => {
    close(
      leastConfidence(
        pool([
          [
            [0.6, 0.3, 0.1],
            [0.8, 0.1, 0.1],
          ],
        ]),
      )[0]!,
      0.3,
    );
  });

  it('tta-variance is std / mean of the predicted class over patches', () => {
    // P(class 0) = 0.6 and 0.8: mean 0.7, population std 0.1, ratio 1/7.
    close(
      ttaVariance(
        pool([
          [
            [0.6, 0.4],
            [0.8, 0.2],
          ],
        ]),
      )[0]!,
      0.1 / 0.7,
      1e-12,
    );
  });

  it('rank an unsure candidate above a sure one', () => {
    const p = binaryPool([
      [0.95, 0.97],
      [0.55, 0.45],
    ]);
    for (const score of [entropy, margin, leastConfidence]) {
      const [sure, unsure] = score(p);
      assert.ok(unsure! > sure!, `${score.name}: ${unsure} <= ${sure}`);
    }
  });
});

describe('properties of every strategy', () => {
  const deterministic = STRATEGY_NAMES.filter((name) => STRATEGIES[name].usesPredictions);

  it('entropy and diversity are >= 0 and finite', () => {
    fc.assert(
      fc.property(patchProbabilities(), (p) => {
        for (const v of [...entropy(p), ...diversity(p)]) assert.ok(Number.isFinite(v) && v >= 0, `${v}`);
      }),
    );
  });

  it('identical patch predictions give diversity 0', () => {
    fc.assert(
      fc.property(patchProbabilities({ maxPatches: 1 }), fc.integer({ min: 2, max: 8 }), (one, m) => {
        const rows = Array.from({ length: one.nCandidates }, (_, c) =>
          Array.from({ length: m }, () => [...one.data.subarray(c * one.nClasses, (c + 1) * one.nClasses)]),
        );
        assert.deepEqual([...diversity(pool(rows))], new Array<number>(one.nCandidates).fill(0));
      }),
    );
  });

  it('patch order does not change any score', () => {
    fc.assert(
      fc.property(patchProbabilities(), fc.integer(), (p, seed) => {
        const shuffled = shufflePatches(p, seed);
        for (const name of deterministic) {
          const score = STRATEGIES[name].create({ alpha: 0.25, rng: createRng(0) });
          const a = score(p);
          const b = score(shuffled);
          a.forEach((v, i) => close(b[i]!, v, 1e-9 * Math.max(1, Math.abs(v))));
        }
      }),
    );
  });

  it('every score is finite for every valid pool', () => {
    fc.assert(
      fc.property(patchProbabilities(), (p) => {
        for (const name of STRATEGY_NAMES) {
          const scores = STRATEGIES[name].create({ alpha: 0.5, rng: createRng(1) })(p);
          assert.equal(scores.length, p.nCandidates);
          assert.ok(scores.every(Number.isFinite), `${name} gave ${String([...scores])}`);
        }
      }),
    );
  });
});
