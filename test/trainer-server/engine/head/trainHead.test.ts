import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@aift/selection-core';
import { createHead } from '../../../../trainer-server/src/engine/head/createHead.js';
import { predictHead } from '../../../../trainer-server/src/engine/head/predictHead.js';
import { trainHead } from '../../../../trainer-server/src/engine/head/trainHead.js';
import type { HeadTraining } from '../../../../trainer-server/src/engine/head/trainHead.js';

const D = 4;

/** 1-d overlapping classes (class 1 around +1, class 0 around -1, unit noise), 9 of class 0 per class 1. */
function imbalanced(count: number, seed: number) {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const labels = Int32Array.from({ length: count }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const embeddings = new Float32Array(count * D);
  labels.forEach((label, i) => {
    embeddings[i * D] = (label ? 1 : -1) + gauss();
    for (let d = 1; d < D; d++) embeddings[i * D + d] = gauss();
  });
  return { embeddings, labels, inputSize: D };
}

const training = (overrides: Partial<HeadTraining> = {}): HeadTraining => ({
  epochs: 30,
  batchSize: 32,
  learningRate: 0.05,
  l2: 0,
  classWeighting: 'none',
  rng: createRng(1),
  ...overrides,
});

function minorityRecall(head: tf.LayersModel, data: ReturnType<typeof imbalanced>): number {
  const p = predictHead(head, data.embeddings, D);
  let hits = 0;
  let positives = 0;
  data.labels.forEach((label, i) => {
    if (label !== 1) return;
    positives++;
    if (p[i * 2 + 1]! > 0.5) hits++;
  });
  return hits / positives;
}

describe('trainHead', () => {
  const data = imbalanced(400, 3);

  it('lowers the loss, and balanced class weights raise the minority class recall', async () => {
    const plain = createHead({ inputSize: D, classes: 2, hiddenUnits: 0, seed: 1 });
    const losses = await trainHead(plain, 2, data, training());
    assert.ok(losses.at(-1)! < losses[0]!, `losses ${losses.join(', ')}`);
    const balanced = createHead({ inputSize: D, classes: 2, hiddenUnits: 0, seed: 1 });
    await trainHead(balanced, 2, data, training({ classWeighting: 'balanced' }));
    const [without, withWeights] = [minorityRecall(plain, data), minorityRecall(balanced, data)];
    assert.ok(withWeights > without + 0.2, `minority recall ${without} -> ${withWeights}`);
    plain.dispose();
    balanced.dispose();
  });

  it('shrinks the kernel with an L2 penalty', async () => {
    const norm = async (l2: number) => {
      const head = createHead({ inputSize: D, classes: 2, hiddenUnits: 8, seed: 2 });
      await trainHead(head, 2, data, training({ l2 }));
      const sum = head
        .getWeights()
        .reduce((s, w) => s + (w.rank === 2 ? tf.sum(tf.square(w)).dataSync()[0]! : 0), 0);
      head.dispose();
      return sum;
    };
    const [free, penalised] = [await norm(0), await norm(0.1)];
    assert.ok(penalised < 0.5 * free, `squared kernel norm ${free} -> ${penalised}`);
  });

  it('rejects labels outside the classes and mismatched embeddings', async () => {
    const head = createHead({ inputSize: D, classes: 2, hiddenUnits: 0, seed: 1 });
    await assert.rejects(
      trainHead(
        head,
        2,
        { embeddings: new Float32Array(D), labels: Int32Array.from([2]), inputSize: D },
        training(),
      ),
      /example 0 has label 2, expected 0..1/,
    );
    await assert.rejects(
      trainHead(
        head,
        2,
        { embeddings: new Float32Array(3), labels: Int32Array.from([0]), inputSize: D },
        training(),
      ),
      /embeddings hold 3 values, expected 1 x 4/,
    );
    head.dispose();
  });
});
