import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createRng,
  kCenterGreedy,
  randomExtension,
  robustKCenter,
  robustKCenterSteps,
  runSteps,
  topK,
  typicalClusters,
} from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';

const scoresArb = fc
  .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 0, maxLength: 60 })
  .map((a) => Float64Array.from(a));

const fixed = (value: number): Rng => ({ next: () => value });

describe('topK', () => {
  it('returns the highest scores first, ties in index order', () => {
    assert.deepEqual([...topK(Float64Array.from([0.1, 0.9, 0.5, 0.9]), 3)], [1, 3, 2]);
  });

  it('returns the whole pool when b exceeds it', () => {
    assert.deepEqual([...topK(Float64Array.from([1, 2]), 5)], [1, 0]);
  });
});

describe('randomExtension', () => {
  it('draws in proportion to the rescaled scores, as in the hand example', () => {
    // Scores [3, 2, 1, 0], b = 1, omega = 3: top 3 = [3, 2, 1], a' = (a - 1) / (3 - 1) = [1, 0.5, 0].
    // A draw of 0.7 lands at 0.7 * 1.5 = 1.05: past candidate 0 (weight 1), inside candidate 1 (weight 0.5).
    const scores = Float64Array.from([3, 2, 1, 0]);
    assert.deepEqual([...randomExtension(scores, { b: 1, omega: 3, rng: fixed(0.7) })], [1]);
    assert.deepEqual([...randomExtension(scores, { b: 1, omega: 3, rng: fixed(0.6) })], [0]);
    // The lowest kept candidate has weight 0 and is drawn only when nothing else is left.
    assert.deepEqual([...randomExtension(scores, { b: 3, omega: 1.2, rng: fixed(0.99) })].sort(), [0, 1, 2]);
  });

  it('with omega = 1 is exactly greedy top-b', () => {
    fc.assert(
      fc.property(scoresArb, fc.integer({ min: 0, max: 70 }), fc.integer(), (scores, b, seed) => {
        const picked = randomExtension(scores, { b, omega: 1, rng: createRng(seed) });
        assert.deepEqual([...picked], [...topK(scores, b)]);
      }),
    );
  });

  it('never returns duplicates nor more than asked, and only from the top omega * b', () => {
    fc.assert(
      fc.property(
        scoresArb,
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 1, max: 6, noNaN: true }),
        fc.integer(),
        (scores, b, omega, seed) => {
          const picked = [...randomExtension(scores, { b, omega, rng: createRng(seed) })];
          assert.equal(picked.length, Math.min(b, scores.length));
          assert.equal(new Set(picked).size, picked.length);
          const allowed = new Set(topK(scores, Math.ceil(omega * Math.min(b, scores.length))));
          assert.ok(picked.every((i) => allowed.has(i)));
        },
      ),
    );
  });

  it('replays exactly with the same seed and differs with another', () => {
    const scores = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) + 1);
    const pick = (seed: number) => [...randomExtension(scores, { b: 10, omega: 5, rng: createRng(seed) })];
    assert.deepEqual(pick(42), pick(42));
    assert.notDeepEqual(pick(42), pick(43));
  });

  it('picks the better candidates more often', () => {
    const scores = Float64Array.from([4, 3, 2, 1, 0]);
    const rng = createRng(7);
    const counts = [0, 0, 0, 0, 0];
    for (let t = 0; t < 3000; t++) counts[randomExtension(scores, { b: 1, omega: 5, rng })[0]!]!++;
    // Weights 1, 0.75, 0.5, 0.25, 0 out of 2.5: probabilities 0.4, 0.3, 0.2, 0.1, 0. Allow 4 binomial sd.
    [0.4, 0.3, 0.2, 0.1, 0].forEach((q, i) => {
      const sd = Math.sqrt(3000 * q * (1 - q));
      assert.ok(Math.abs(counts[i]! - 3000 * q) <= 4 * sd, `candidate ${i}: ${counts[i]} draws`);
    });
  });

  it('rejects bad arguments with a clear message', () => {
    const rng = createRng(1);
    const scores = Float64Array.from([1, 2]);
    assert.throws(
      () => randomExtension(scores, { b: 1, omega: 0.5, rng }),
      /omega must be a finite number >= 1/,
    );
    assert.throws(() => randomExtension(scores, { b: -1, omega: 1, rng }), /b must be an integer >= 0/);
    assert.throws(() => randomExtension(scores, { b: 1.5, omega: 1, rng }), /b must be an integer/);
    assert.throws(
      () => randomExtension(Float64Array.from([1, Number.NaN]), { b: 1, omega: 1, rng }),
      /score of candidate 1 is NaN/,
    );
  });
});

describe('kCenterGreedy', () => {
  it('covers the pool farthest-first from the point nearest the centroid', () => {
    // 1-d points 0, 1, 2, 10: centroid 3.25, nearest is 2 (index 2); farthest from {2} is 10 (index 3);
    // then distances to {2, 10} are 0 -> 2, 1 -> 1: pick 0 (index 0).
    const embeddings = { data: Float32Array.from([0, 1, 2, 10]), count: 4, dim: 1 };
    assert.deepEqual([...kCenterGreedy(embeddings, 3)], [2, 3, 0]);
  });

  it('treats already chosen points as centres and never returns them', () => {
    const embeddings = { data: Float32Array.from([0, 0, 5, 5, 0, 5, 9, 9]), count: 4, dim: 2 };
    // Chosen: (0,0). Farthest: (9,9) index 3 (d^2 = 162); then (5,5)->(0,0)=50 vs (0,5)->25: index 1.
    assert.deepEqual([...kCenterGreedy(embeddings, 2, [0])], [3, 1]);
  });

  it('rejects non-finite embeddings and bad indices', () => {
    const bad = { data: Float32Array.from([0, Number.NaN]), count: 2, dim: 1 };
    assert.throws(() => kCenterGreedy(bad, 1), /embedding 1 is not finite/);
    const good = { data: Float32Array.from([0, 1]), count: 2, dim: 1 };
    assert.throws(() => kCenterGreedy(good, 1, [5]), /chosen index 5 is out of range/);
  });
});

// Two dense blobs in 2-d (centres (0, 0): 30 points and (10, 0): 20 points) and two far outliers.
const blobs = (() => {
  const rng = createRng(3);
  const points: number[] = [];
  for (let i = 0; i < 30; i++) points.push(rng.next() - 0.5, rng.next() - 0.5);
  for (let i = 0; i < 20; i++) points.push(10 + rng.next() - 0.5, rng.next() - 0.5);
  points.push(5, 40, -30, -30); // indices 50 and 51
  return { data: Float64Array.from(points), count: 52, dim: 2 };
})();
const at = (i: number) => [blobs.data[2 * i]!, blobs.data[2 * i + 1]!] as const;

describe('typicalClusters', () => {
  it('takes typical members of the clusters, largest first, where k-center takes the outliers', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const picked = [...typicalClusters(blobs, 4, createRng(seed))];
      assert.equal(picked.length, 4);
      assert.ok(!picked.includes(50) && !picked.includes(51), `seed ${seed}: an outlier was picked`);
      const near = (i: number, cx: number) => Math.hypot(at(i)[0] - cx, at(i)[1]) < 0.5;
      assert.ok(
        near(picked[0]!, 0),
        `seed ${seed}: the first pick ${at(picked[0]!).join(', ')} is not central in the big blob`,
      );
      assert.ok(
        picked.some((i) => near(i, 10)),
        `seed ${seed}: nothing from the small blob`,
      );
    }
    // Farthest-first covers the pool through its extremes.
    const kcenter = [...kCenterGreedy(blobs, 4)];
    assert.ok(kcenter.includes(50) && kcenter.includes(51));
  });

  it('is repeatable with the same seed, returns distinct indices, and at most the pool', () => {
    const a = [...typicalClusters(blobs, 6, createRng(9))];
    assert.deepEqual([...typicalClusters(blobs, 6, createRng(9))], a);
    assert.equal(new Set(a).size, a.length);
    assert.ok(a.length >= 1 && a.length <= 6);
    const tiny = { data: Float32Array.from([0, 1, 2]), count: 3, dim: 1 };
    assert.deepEqual([...typicalClusters(tiny, 10, createRng(1))].sort(), [0, 1, 2]);
    assert.equal(typicalClusters(tiny, 0, createRng(1)).length, 0);
  });

  it('rejects non-finite embeddings and a wrong length', () => {
    const bad = { data: Float32Array.from([0, Number.NaN]), count: 2, dim: 1 };
    assert.throws(() => typicalClusters(bad, 1, createRng(1)), /embedding 1 is not finite/);
    const short = { data: Float32Array.from([0, 1, 2]), count: 2, dim: 2 };
    assert.throws(() => typicalClusters(short, 1, createRng(1)), /embeddings have 3 values, expected 2 x 2/);
  });
});

describe('robustKCenter', () => {
  it('covers both blobs without picking the outliers that plain k-center takes first', () => {
    const picked = [...robustKCenter(blobs, 4)];
    assert.equal(new Set(picked).size, 4);
    assert.ok(!picked.includes(50) && !picked.includes(51), `an outlier was picked: ${picked.join(', ')}`);
    const inBlob = (i: number, cx: number) => Math.hypot(at(i)[0] - cx, at(i)[1]) < 1;
    assert.ok(picked.some((i) => inBlob(i, 0)) && picked.some((i) => inBlob(i, 10)), 'a blob was missed');
    assert.deepEqual([...robustKCenter(blobs, 4)], picked, 'deterministic');
  });

  it('is plain k-center with no outlier share, and ranks the whole pool when asked for it', () => {
    assert.deepEqual([...robustKCenter(blobs, 5, { outlierShare: 0 })], [...kCenterGreedy(blobs, 5)]);
    // Asking for more than the kept share ranks the outliers last, least isolated first.
    const all = [...robustKCenter(blobs, 52)];
    assert.equal(new Set(all).size, 52);
    assert.deepEqual(all.slice(-2), [50, 51], 'the far outlier (-30, -30) is the very last');
    assert.deepEqual(all.slice(0, 4), [...robustKCenter(blobs, 4)], 'a ranking starts with the batch');
    const tiny = { data: Float32Array.from([0, 1, 2]), count: 3, dim: 1 };
    assert.deepEqual([...robustKCenter(tiny, 10)].sort(), [0, 1, 2]);
    assert.equal(robustKCenter(tiny, 0).length, 0);
  });

  it('treats already chosen candidates as centres, outliers included, and never returns them', () => {
    const first = [...robustKCenter(blobs, 2)];
    const next = [...robustKCenter(blobs, 2, { alreadyChosen: first })];
    assert.ok(!next.some((i) => first.includes(i)));
    // The same as asking for four at once: greedy k-center continues from its centres.
    assert.deepEqual([...first, ...next], [...robustKCenter(blobs, 4)]);
    // A labeled outlier covers its corner, and is not returned again.
    const withOutlier = [...robustKCenter(blobs, 52, { alreadyChosen: [51] })];
    assert.equal(withOutlier.length, 51);
    assert.ok(!withOutlier.includes(51));
    assert.throws(() => robustKCenter(blobs, 1, { alreadyChosen: [52] }), /chosen index 52 is out of range/);
  });

  it('gives the same answer run in steps as at once, pausing between slices of work', () => {
    const steps = robustKCenterSteps(blobs, 6, { alreadyChosen: [3] });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.deepEqual([...step.value], [...robustKCenter(blobs, 6, { alreadyChosen: [3] })]);
    // 52 candidates: 3 isolation slices of 16, 1 chosen centre and 6 picks.
    assert.equal(pauses, 3 + 1 + 6);
    assert.deepEqual([...runSteps(robustKCenterSteps(blobs, 4))], [...robustKCenter(blobs, 4)]);
  });

  it('rejects an outlier share outside [0, 1) and bad embeddings', () => {
    assert.throws(
      () => robustKCenter(blobs, 2, { outlierShare: 1 }),
      /outlierShare must be in \[0, 1\), got 1/,
    );
    assert.throws(() => robustKCenter(blobs, 2, { outlierShare: -0.1 }), /outlierShare/);
    const bad = { data: Float32Array.from([0, Number.NaN]), count: 2, dim: 1 };
    assert.throws(() => robustKCenter(bad, 1), /embedding 1 is not finite/);
  });
});
