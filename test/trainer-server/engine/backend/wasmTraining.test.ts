import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { activateWasmBackend } from '../../../../trainer-server/src/engine/backend/wasmBackend.js';

const SIZE = 12;
const SAMPLES = 24;
const STEPS = 10;

/** Horizontal stripes (class 0) against vertical stripes (class 1), with a shifting phase and noise. */
function stripes(): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const pixels = new Float32Array(SAMPLES * SIZE * SIZE);
  const labels = new Float32Array(SAMPLES * 2);
  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 0.4;
  };
  for (let s = 0; s < SAMPLES; s++) {
    const vertical = s % 2;
    labels[s * 2 + vertical] = 1;
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) {
        const along = vertical === 1 ? c : r;
        pixels[(s * SIZE + r) * SIZE + c] = ((along + s) % 4 < 2 ? 1 : 0) + noise();
      }
    }
  }
  return { images: tf.tensor4d(pixels, [SAMPLES, SIZE, SIZE, 1]), labels: tf.tensor2d(labels, [SAMPLES, 2]) };
}

/** conv2d -> depthwiseConv2d (channel multiplier 2) -> global pool -> dense, seeded so every backend starts equal. */
function smallConvNet(): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [SIZE, SIZE, 1],
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
    }),
  );
  model.add(
    tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      padding: 'same',
      activation: 'relu',
      depthwiseInitializer: init(2),
    }),
  );
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

async function trainingLosses(): Promise<number[]> {
  const model = smallConvNet();
  const { images, labels } = stripes();
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) losses.push(Number(await model.trainOnBatch(images, labels)));
  tf.dispose([images, labels]);
  model.dispose();
  return losses;
}

describe('training a small conv net on wasm', () => {
  it('lowers the loss, step by step as the CPU backend does', async () => {
    // The backend is process-global: CPU first for the reference, then wasm for the run under test.
    assert.ok(await tf.setBackend('cpu'));
    const reference = await trainingLosses();
    await activateWasmBackend();
    assert.equal(tf.getBackend(), 'wasm');
    const losses = await trainingLosses();

    const [first, last] = [losses[0]!, losses[losses.length - 1]!];
    assert.ok(last < 0.5 * first, `loss went from ${first} to ${last}`);
    losses.forEach((loss, i) => {
      const expected = reference[i]!;
      assert.ok(
        Math.abs(loss - expected) <= 1e-4 * Math.max(1, expected),
        `step ${i}: wasm ${loss}, cpu ${expected}`,
      );
    });
  });
});
