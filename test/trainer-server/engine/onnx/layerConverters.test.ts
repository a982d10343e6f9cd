import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import {
  UnsupportedLayerError,
  exportBackboneToOnnx,
  exportClassifierToOnnx,
} from '../../../../trainer-server/src/engine/onnx/index.js';
import { lastFeatureMap } from '../../../../trainer-server/src/engine/onnx/onnxIoSpec.js';
import { assertWithin, seededRandom, syntheticImages, tfjsOutputs, useWasmBackend } from './modelFixtures.js';

const SIZE = 17;
const TOLERANCE = 1e-4;

/**
 * Gives every weight seeded random values; variances and gammas stay positive. Fresh layers have
 * identity batch-norm statistics and zero biases, which would hide a wrongly wired parameter.
 */
function randomiseWeights(model: tf.LayersModel, seed: number): void {
  const random = seededRandom(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const positive = /(moving_variance|gamma)$/.test(w.originalName);
      const shape = w.shape as number[];
      const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () =>
        positive ? 0.5 + random() : random() - 0.5,
      );
      return tf.tensor(data, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/**
 * Every converter on an odd-sized image, in configurations MobileNetV2 does not use: 'same' padding
 * with stride 2, asymmetric ZeroPadding2D, depth multiplier 2, biases, batch norm without scale and
 * centre, Flatten of a 3 x 3 map (which must read NHWC order), Dense without bias.
 */
function unusualBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 3], name: 'pixels' });
  let x = tf.layers
    .zeroPadding2d({
      padding: [
        [1, 0],
        [0, 2],
      ],
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ scale: false, center: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, useBias: true })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  const a = tf.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false }).apply(x) as tf.SymbolicTensor;
  const b = tf.layers
    .conv2d({ filters: 8, kernelSize: 3, padding: 'same', dilationRate: 2 })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu6' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ poolSize: 2, strides: 1 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 12, useBias: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x, name: 'unusual' });
  randomiseWeights(model, 3);
  return model;
}

function gapBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  const conv = tf.layers.conv2d({ filters: 5, kernelSize: 3, activation: 'relu6' }).apply(input);
  const pooled = tf.layers.globalAveragePooling2d({}).apply(conv) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: pooled, name: 'gap' });
  randomiseWeights(model, 4);
  return model;
}

function headOn(embeddingSize: number, classes: number, output: tf.layers.Layer): tf.Sequential {
  const head = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [embeddingSize], units: classes }), output],
  });
  randomiseWeights(head, 5);
  return head;
}

/** `cells`: the rows x columns of the cell map the export must have, or null for none. */
async function assertMatchesTfjs(
  backbone: tf.LayersModel,
  head: tf.LayersModel,
  batch: number,
  cells: readonly [number, number] | null,
): Promise<void> {
  const images = syntheticImages(batch, SIZE);
  const map = lastFeatureMap(backbone);
  const reference = tfjsOutputs(backbone, head, images, [batch, SIZE, SIZE, 3], map?.tensor);
  const bytes = exportClassifierToOnnx(backbone, head);
  for (const [name, runtime] of [
    ['node', ortNode],
    ['web', ortWeb],
  ] as const) {
    const session = await runtime.InferenceSession.create(bytes);
    const outputs = await session.run({
      image: new runtime.Tensor('float32', images, [batch, SIZE, SIZE, 3]),
    });
    await session.release();
    assertWithin(
      outputs['embedding']?.data as Float32Array,
      reference.embedding,
      TOLERANCE,
      `${name} embedding`,
    );
    assertWithin(
      outputs['probabilities']?.data as Float32Array,
      reference.probabilities,
      TOLERANCE,
      `${name} probabilities`,
    );
    const cellOutput = outputs['cell_probabilities'];
    assert.deepEqual(cellOutput?.dims.slice(1, 3) ?? null, cells, `${name} cell map`);
    if (cellOutput !== undefined) {
      assertWithin(
        cellOutput.data as Float32Array,
        reference.cellProbabilities,
        TOLERANCE,
        `${name} cell probabilities`,
      );
    }
  }
}

describe('ONNX layer converters', () => {
  before(useWasmBackend);

  it('export padding, strides, dilation, depth multiplier, batch norm variants and Flatten exactly', async () => {
    // Its embedding is no global average of a map: no cell map.
    await assertMatchesTfjs(unusualBackbone(), headOn(12, 3, tf.layers.softmax()), 3, null);
  });

  it('export GlobalAveragePooling2D, its 15 x 15 cell map and an Activation softmax head exactly', async () => {
    const head = headOn(5, 2, tf.layers.activation({ activation: 'softmax' }));
    await assertMatchesTfjs(gapBackbone(), head, 2, [15, 15]);
  });

  it('refuse an unsupported layer type, naming the layer and its type', () => {
    const input = tf.input({ shape: [SIZE, SIZE, 3] });
    const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: 'my_max_pool' }).apply(input);
    const flat = tf.layers.flatten().apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: flat });
    assert.throws(
      () => exportBackboneToOnnx(model),
      (error: unknown) =>
        error instanceof UnsupportedLayerError &&
        error.layerName === 'my_max_pool' &&
        /'my_max_pool' \(MaxPooling2D\).*layer type not supported/.test(error.message),
    );
  });

  it('refuse an unsupported activation, naming it', () => {
    const head = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [5], units: 2, activation: 'tanh', name: 'tanh_dense' })],
    });
    assert.throws(
      () => exportClassifierToOnnx(gapBackbone(), head),
      /cannot export layer 'tanh_dense' \(Dense\) to ONNX: activation 'tanh'/,
    );
  });

  it('refuse a head whose input does not match the embedding', () => {
    assert.throws(
      () => exportClassifierToOnnx(gapBackbone(), headOn(7, 2, tf.layers.softmax())),
      (error: unknown) => error instanceof RangeError && /takes \[, 7\].*\[batch, 5\]/.test(error.message),
    );
  });
});
