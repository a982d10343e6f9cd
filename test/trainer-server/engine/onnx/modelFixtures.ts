// Inputs and small models made in code for the export tests: no file of shared/ is read.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** The wasm backend: a 224 px MobileNetV2 forward pass on the pure-JS CPU backend takes seconds. */
export async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
  await tf.ready();
}

/** mulberry32: a small seeded generator, so every run sees the same images and weights. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Painter = (x: number, y: number, size: number) => [number, number, number];

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

function valueNoise(seed: number, cells: number): (u: number, v: number) => number {
  const random = seededRandom(seed);
  const grid = Array.from({ length: (cells + 1) * (cells + 1) }, random);
  const at = (i: number, j: number): number => grid[j * (cells + 1) + i] ?? 0;
  return (u, v) => {
    const fx = u * cells;
    const fy = v * cells;
    const i = Math.min(cells - 1, Math.floor(fx));
    const j = Math.min(cells - 1, Math.floor(fy));
    const a = fx - i;
    const b = fy - j;
    return (
      (at(i, j) * (1 - a) + at(i + 1, j) * a) * (1 - b) + (at(i, j + 1) * (1 - a) + at(i + 1, j + 1) * a) * b
    );
  };
}

/** Image-like scenes in [0, 1] (nsfwjs' input range): a gradient, a soft disc, a texture, stripes. */
function painters(seed: number): Painter[] {
  const coarse = valueNoise(seed, 6);
  const fine = valueNoise(seed + 1, 40);
  return [
    (x, y, s) => [x / s, y / s, 1 - x / s],
    (x, y, s) => {
      const r = Math.hypot(x - s * 0.55, y - s * 0.45) / (s * 0.3);
      const inside = clamp01((1 - r) * 8);
      return [0.15 + 0.8 * inside, 0.2 + 0.4 * inside, 0.35 - 0.25 * inside];
    },
    (x, y, s) => {
      const n = 0.7 * coarse(x / s, y / s) + 0.3 * fine(x / s, y / s);
      return [n, clamp01(n * 0.8 + 0.1), clamp01(1.2 * n - 0.1)];
    },
    (x, y) => {
      const stripe = 0.5 + 0.5 * Math.sin((x + 0.5 * y) / 6);
      return [stripe, 0.5, 1 - stripe];
    },
  ];
}

/** `count` NHWC images of `size` x `size` x 3, cycling through the scenes. */
export function syntheticImages(count: number, size: number, seed = 7): Float32Array {
  const scenes = painters(seed);
  const data = new Float32Array(count * size * size * 3);
  for (let n = 0; n < count; n++) {
    const paint = scenes[n % scenes.length] as Painter;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        data.set(paint(x, y, size), ((n * size + y) * size + x) * 3);
      }
    }
  }
  return data;
}

/** A classifier head on the embedding: Dense + ReLU, Dropout, Dense, Softmax, seeded weights. */
export function seededHead(embeddingSize: number, classes: number, seed: number): tf.Sequential {
  return tf.sequential({
    name: 'head',
    layers: [
      tf.layers.dense({
        inputShape: [embeddingSize],
        units: 32,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 1 }),
      }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({
        units: classes,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
        biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 3 }),
      }),
      tf.layers.softmax(),
    ],
  });
}

/** Fails with the worst difference in the message, so a regression says how far off it is. */
export function assertWithin(
  actual: ArrayLike<number> | undefined,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
): void {
  assert.ok(actual !== undefined, `${what}: missing`);
  const worst = maxAbsDifference(actual, expected);
  assert.ok(worst <= tolerance, `${what}: max |difference| ${worst} > ${tolerance}`);
}

export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length)
    throw new RangeError(`lengths ${actual.length} and ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs((actual[i] ?? 0) - (expected[i] ?? 0)));
  return worst;
}

/**
 * What tfjs computes for `images`: the reference the ONNX runtimes must match. `cellProbabilities` is the
 * head applied to each cell's feature vector of `featureMap` (the tensor the backbone's last global pool
 * averages), [batch, rows, columns, classes] row-major; empty without a `featureMap`.
 */
export function tfjsOutputs(
  backbone: tf.LayersModel,
  head: tf.LayersModel,
  images: Float32Array,
  shape: [number, number, number, number],
  featureMap?: tf.SymbolicTensor,
): { embedding: Float32Array; probabilities: Float32Array; cellProbabilities: Float32Array } {
  return tf.tidy(() => {
    const input = tf.tensor4d(images, shape);
    const embedding = backbone.predict(input) as tf.Tensor;
    const probabilities = head.predict(embedding) as tf.Tensor;
    let cellProbabilities: Float32Array = new Float32Array(0);
    if (featureMap !== undefined) {
      const features = tf.model({ inputs: backbone.inputs, outputs: featureMap }).predict(input) as tf.Tensor;
      const channels = features.shape.at(-1)!;
      const cells = head.predict(features.reshape([-1, channels])) as tf.Tensor;
      cellProbabilities = cells.dataSync() as Float32Array;
    }
    return {
      embedding: embedding.dataSync() as Float32Array,
      probabilities: probabilities.dataSync() as Float32Array,
      cellProbabilities,
    };
  });
}
