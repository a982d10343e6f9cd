import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@aift/selection-core';
import { ContinualLearner } from '../../../../trainer-server/src/engine/continual/ContinualLearner.js';
import type { ContinualLearnerOptions } from '../../../../trainer-server/src/engine/continual/ContinualLearner.js';
import { chooseTrainingSet } from '../../../../trainer-server/src/engine/continual/trainingSet.js';

const D = 16;
const M = 4;

/**
 * A synthetic pool standing in for backbone embeddings: class k's candidates sit around centre k, and each
 * of a candidate's m patches adds its own small noise (as augmented views would).
 */
function syntheticPool(count: number, seed: number) {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const labels = Int32Array.from({ length: count }, (_, i) => i % 2);
  const rows: Float32Array[] = [];
  labels.forEach((label) => {
    const centre = Float32Array.from({ length: D }, (_, d) => (d < 4 ? (label === 1 ? 1 : -1) : 0) + gauss());
    const patches = new Float32Array(M * D);
    for (let j = 0; j < M; j++) for (let d = 0; d < D; d++) patches[j * D + d] = centre[d]! + 0.3 * gauss();
    rows.push(patches);
  });
  return { labels, embeddingsOf: (i: number) => rows[i]! };
}

const options = (overrides: Partial<ContinualLearnerOptions> = {}): ContinualLearnerOptions => ({
  head: { inputSize: D, classes: 2, hiddenUnits: 0, seed: 11 },
  training: { epochs: 15, batchSize: 32, learningRate: 0.05, l2: 0, classWeighting: 'balanced' },
  strategy: 'HQ',
  patches: M,
  seed: 5,
  ...overrides,
});

function accuracy(
  learner: ContinualLearner,
  indices: number[],
  pool: ReturnType<typeof syntheticPool>,
): number {
  const p = learner.predict(indices, pool.embeddingsOf);
  let correct = 0;
  indices.forEach((index, c) => {
    let p1 = 0;
    for (let j = 0; j < M; j++) p1 += p.data[(c * M + j) * 2 + 1]!;
    if (Number(p1 / M > 0.5) === pool.labels[index]) correct++;
  });
  return correct / indices.length;
}

describe('chooseTrainingSet', () => {
  const previous = [
    { index: 0, label: 0 },
    { index: 1, label: 1 },
    { index: 2, label: 1 },
  ];
  const fresh = [{ index: 7, label: 0 }];
  const predicted = (i: number) => (i === 2 ? 0 : ([0, 1][i] ?? 0)); // candidate 2 is misclassified

  it('HQ trains the current model on the misclassified (H) and the new (Q)', () => {
    const set = chooseTrainingSet('HQ', previous, fresh, predicted);
    assert.equal(set.startFrom, 'current');
    assert.deepEqual(
      set.candidates.map((c) => c.index),
      [2, 7],
    );
    assert.deepEqual(set.counts, { hard: 1, new: 1, previous: 1 });
  });

  it('LQ trains the current model on all, scratch restarts from the pre-trained model', () => {
    assert.equal(chooseTrainingSet('LQ', previous, fresh, predicted).candidates.length, 4);
    const scratch = chooseTrainingSet('scratch', previous, fresh, predicted);
    assert.equal(scratch.startFrom, 'initial');
    assert.equal(scratch.candidates.length, 4);
  });
});

describe('ContinualLearner', () => {
  const pool = syntheticPool(200, 3);
  const test = Array.from({ length: 100 }, (_, i) => 100 + i);

  for (const strategy of ['HQ', 'LQ', 'scratch'] as const) {
    it(`${strategy}: improves with rounds of new labels, every patch carrying its candidate's label`, async () => {
      const learner = new ContinualLearner(options({ strategy }));
      const before = accuracy(learner, test, pool);
      const labeled: { index: number; label: number }[] = [];
      for (let round = 0; round < 3; round++) {
        const fresh = Array.from({ length: 8 }, (_, i) => ({
          index: round * 8 + i,
          label: pool.labels[round * 8 + i]!,
        }));
        const report = await learner.fineTune(labeled, fresh, pool.embeddingsOf);
        assert.equal(report.round, round + 1);
        assert.equal(report.trainingSet.counts.new, 8);
        assert.equal(report.epochLosses.length, 15);
        assert.ok(
          report.epochLosses.at(-1)! < report.epochLosses[0]!,
          `loss did not fall: ${report.epochLosses.join(', ')}`,
        );
        labeled.push(...fresh);
      }
      // The classes are 4 standard deviations apart (Bayes accuracy ~0.98); an untrained head is at chance.
      const after = accuracy(learner, test, pool);
      assert.ok(after >= 0.8 && after - before >= 0.3, `accuracy ${before} -> ${after} after 24 labels`);
      learner.dispose();
    });
  }

  it('replays exactly with the same seeds', async () => {
    const run = async () => {
      const learner = new ContinualLearner(options());
      const fresh = Array.from({ length: 10 }, (_, i) => ({ index: i, label: pool.labels[i]! }));
      await learner.fineTune([], fresh, pool.embeddingsOf);
      const weights = learner.head.getWeights().map((w) => [...w.dataSync()]);
      learner.dispose();
      return weights;
    };
    assert.deepEqual(await run(), await run());
  });

  it('keeps the current model when a round fails', async () => {
    const learner = new ContinualLearner(options());
    await learner.fineTune(
      [],
      [
        { index: 0, label: 0 },
        { index: 1, label: 1 },
      ],
      pool.embeddingsOf,
    );
    const before = learner.head.getWeights().map((w) => [...w.dataSync()]);
    await assert.rejects(
      learner.fineTune([], [{ index: 2, label: 5 }], pool.embeddingsOf),
      /example 0 has label 5, expected 0..1/,
    );
    assert.deepEqual(
      learner.head.getWeights().map((w) => [...w.dataSync()]),
      before,
    );
    assert.equal(learner.round, 1);
    await assert.rejects(
      learner.fineTune([], [{ index: 3, label: 1 }], () => new Float32Array(3)),
      /candidate 3: 3 embedding values, expected 4 patches x 16/,
    );
    learner.dispose();
  });

  it('does not leak tensors across rounds', async () => {
    const learner = new ContinualLearner(options({ training: { ...options().training, epochs: 2 } }));
    await learner.fineTune(
      [],
      [
        { index: 0, label: 0 },
        { index: 1, label: 1 },
      ],
      pool.embeddingsOf,
    );
    const tensors = tf.memory().numTensors;
    for (let r = 0; r < 3; r++) {
      await learner.fineTune(
        [{ index: 0, label: 0 }],
        [{ index: 2 + r, label: pool.labels[2 + r]! }],
        pool.embeddingsOf,
      );
      learner.predict([10, 11], pool.embeddingsOf);
    }
    assert.equal(tf.memory().numTensors, tensors);
    learner.dispose();
  });
});
