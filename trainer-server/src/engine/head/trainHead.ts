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
  /** L2 penalty on the dense kernels (stands in for dropout, whose masks tfjs cannot seed per step). */
  readonly l2: number;
  /** 'balanced' weighs each class by count / (classes * count of the class), as scikit-learn does. */
  readonly classWeighting: 'balanced' | 'none';
  /** Shuffles the examples each epoch, so a run can be replayed (tfjs's own shuffle uses Math.random). */
  readonly rng: Rng;
}

export const DEFAULT_HEAD_TRAINING: Omit<HeadTraining, 'rng'> = {
  epochs: 10,
  batchSize: 64,
  learningRate: 0.01, // chosen on PneumoniaMNIST validation data: docs/simulation.md
  l2: 1e-4,
  classWeighting: 'balanced',
};

/**
 * Trains `head` in place with Adam on class-weighted cross-entropy; returns the mean loss of each epoch.
 * Mini-batches are built in JS from the shuffled arrays: `model.fit` slices one big tensor per batch, and
 * the wasm backend's slice copies the whole tensor out each time, which made a round quadratic in its size.
 */
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
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`example ${i} has label ${label}, expected 0..${classes - 1}`);
    }
  });
  if (count === 0) return [];
  const variables = head.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = variables.filter((v) => v.rank === 2);
  const classWeights = training.classWeighting === 'balanced' ? balancedWeights(labels, classes) : undefined;
  // A fresh optimizer per call, disposed at the end: its moment estimates would otherwise leak per round.
  const optimizer = tf.train.adam(training.learningRate);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < training.epochs; epoch++) {
      shuffle(order, training.rng);
      let total = 0;
      for (let start = 0; start < count; start += training.batchSize) {
        const rows = order.subarray(start, Math.min(count, start + training.batchSize));
        const xs = new Float32Array(rows.length * inputSize);
        const ys = new Int32Array(rows.length);
        const ws = new Float32Array(rows.length);
        rows.forEach((from, to) => {
          xs.set(embeddings.subarray(from * inputSize, (from + 1) * inputSize), to * inputSize);
          ys[to] = labels[from]!;
          ws[to] = classWeights ? classWeights[labels[from]!]! : 1;
        });
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(xs, [rows.length, inputSize]);
          const y = tf.oneHot(tf.tensor1d(ys, 'int32'), classes);
          const w = tf.tensor1d(ws);
          return optimizer.minimize(
            () => {
              const p = tf.clipByValue(head.apply(x, { training: true }) as tf.Tensor2D, 1e-7, 1);
              const crossEntropy = tf.neg(tf.sum(tf.mul(y, tf.log(p)), -1));
              const data = tf.div<tf.Scalar>(tf.sum(tf.mul(crossEntropy, w)), tf.sum(w));
              if (training.l2 <= 0 || kernels.length === 0) return data;
              const penalty = tf.addN(kernels.map((k) => tf.sum(tf.square(k))));
              return tf.add<tf.Scalar>(data, tf.mul(training.l2, penalty));
            },
            true,
            variables,
          )!;
        });
        total += (await loss.data())[0]! * rows.length;
        loss.dispose();
        // The backends resolve data() without a turn of the event loop, so a round would hold every HTTP
        // request of the server until it ends (seconds); one turn per batch bounds the wait to a batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      losses.push(total / count);
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}

function balancedWeights(labels: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const label of labels) counts[label]!++;
  return counts.map((n) => (n > 0 ? labels.length / (classes * n) : 0));
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
