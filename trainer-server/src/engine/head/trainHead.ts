import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@aift/selection-core';

/** Examples as row-major embeddings (count x inputSize), one label each. */
export interface HeadExamples {
  readonly embeddings: Float32Array;
  readonly labels: Int32Array;
  readonly inputSize: number;
}

export interface HeadTraining {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** 'balanced' weighs each class by count / (classes * count of the class), as scikit-learn does. */
  readonly classWeighting: 'balanced' | 'none';
  /** Shuffles the examples each epoch; tfjs's own shuffle uses Math.random and cannot be replayed. */
  readonly rng: Rng;
}

export const DEFAULT_HEAD_TRAINING: Omit<HeadTraining, 'rng'> = {
  epochs: 10,
  batchSize: 64,
  learningRate: 1e-3,
  classWeighting: 'balanced',
};

/** Trains `head` in place on the examples; returns the mean loss of each epoch. */
export async function trainHead(
  head: tf.LayersModel,
  classes: number,
  examples: HeadExamples,
  training: HeadTraining,
): Promise<number[]> {
  const { embeddings, labels, inputSize } = examples;
  const count = labels.length;
  if (embeddings.length !== count * inputSize) {
    throw new RangeError(`embeddings hold ${embeddings.length} values, expected ${count} x ${inputSize}`);
  }
  if (count === 0) return [];
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`example ${i} has label ${label}, expected 0..${classes - 1}`);
    }
  });
  // A fresh optimizer per call, disposed at the end: its moment estimates would otherwise leak per round.
  const optimizer = tf.train.adam(training.learningRate);
  head.compile({ optimizer, loss: 'categoricalCrossentropy' });
  try {
    return await trainEpochs(head, classes, examples, training);
  } finally {
    optimizer.dispose();
  }
}

async function trainEpochs(
  head: tf.LayersModel,
  classes: number,
  { embeddings, labels, inputSize }: HeadExamples,
  training: HeadTraining,
): Promise<number[]> {
  const count = labels.length;
  const classWeight = training.classWeighting === 'balanced' ? balancedWeights(labels, classes) : undefined;

  const losses: number[] = [];
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const xs = new Float32Array(count * inputSize);
  const ys = new Int32Array(count);
  for (let epoch = 0; epoch < training.epochs; epoch++) {
    shuffle(order, training.rng);
    order.forEach((from, to) => {
      xs.set(embeddings.subarray(from * inputSize, (from + 1) * inputSize), to * inputSize);
      ys[to] = labels[from]!;
    });
    const x = tf.tensor2d(xs, [count, inputSize]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(ys, 'int32'), classes));
    try {
      const history = await head.fit(x, y, {
        epochs: 1,
        batchSize: training.batchSize,
        shuffle: false,
        verbose: 0,
        ...(classWeight ? { classWeight } : {}),
      });
      losses.push(Number(history.history.loss?.[0]));
    } finally {
      x.dispose();
      y.dispose();
    }
  }
  return losses;
}

function balancedWeights(labels: Int32Array, classes: number): Record<number, number> {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]!++;
  const weights: Record<number, number> = {};
  counts.forEach((n, k) => (weights[k] = n > 0 ? labels.length / (classes * n) : 0));
  return weights;
}

/** Fisher-Yates with the caller's generator. */
function shuffle(values: Int32Array, rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}
