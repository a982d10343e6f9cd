import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import {
  exportBackboneToOnnx,
  exportClassifierOnOnnxBackbone,
} from '../../../../trainer-server/src/engine/onnx/index.js';
import {
  assertWithin,
  seededHead,
  seededRandom,
  syntheticImages,
  tfjsOutputs,
  useWasmBackend,
} from './modelFixtures.js';

const { onnx } = onnxProto;
const SIZE = 12;
const FEATURES = 4;

function floats(name: string, dims: number[], random: () => number): InstanceType<typeof onnx.TensorProto> {
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => random() - 0.5);
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: [...data],
  });
}

function info(name: string, dims: (number | string)[]): InstanceType<typeof onnx.ValueInfoProto> {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: 1, shape: { dim } } } });
}

/**
 * An NCHW backbone as PyTorch would export it (opset 17): a Conv + Relu + global pool giving 'features',
 * plus a 'logits' output the classifier must drop. Its Relu output is called 'embedding' on purpose, a
 * name the merged graph uses for its own output.
 */
function foreignNchwBackbone(opset = 17): Uint8Array {
  const random = seededRandom(11);
  const attr = (name: string, ints: number[]) =>
    onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });
  const node = (
    opType: string,
    input: string[],
    output: string,
    attribute: InstanceType<typeof onnx.AttributeProto>[] = [],
  ) => onnx.NodeProto.create({ opType, input, output: [output], attribute });
  const graph = onnx.GraphProto.create({
    name: 'torch_backbone',
    node: [
      node('Conv', ['input.1', 'conv.weight', 'conv.bias'], 'conv_out', [
        attr('kernel_shape', [3, 3]),
        attr('pads', [1, 1, 1, 1]),
      ]),
      node('Relu', ['conv_out'], 'embedding'),
      node('GlobalAveragePool', ['embedding'], 'pooled'),
      node('Flatten', ['pooled'], 'features'),
      node('Gemm', ['features', 'fc.weight'], 'logits'),
    ],
    initializer: [
      floats('conv.weight', [FEATURES, 3, 3, 3], random),
      floats('conv.bias', [FEATURES], random),
      floats('fc.weight', [FEATURES, 10], random),
    ],
    input: [info('input.1', ['N', 3, SIZE, SIZE])],
    output: [info('features', ['N', FEATURES]), info('logits', ['N', 10])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** NHWC images to NCHW, as a PyTorch pipeline would feed them. */
function toNchw(images: Float32Array, batch: number): Float32Array {
  return tf.tidy(
    () => tf.tensor4d(images, [batch, SIZE, SIZE, 3]).transpose([0, 3, 1, 2]).dataSync() as Float32Array,
  );
}

async function runOnce(
  bytes: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe('exportClassifierOnOnnxBackbone', () => {
  before(useWasmBackend);
  const images = syntheticImages(3, SIZE);

  it('merges an NCHW backbone and a tfjs head behind the NHWC image contract', async () => {
    const backbone = foreignNchwBackbone();
    const head = seededHead(FEATURES, 2, 9);
    const merged = exportClassifierOnOnnxBackbone(
      { bytes: backbone, embeddingOutput: 'features', layout: 'NCHW' },
      head,
    );

    const original = await runOnce(backbone, {
      'input.1': new ort.Tensor('float32', toNchw(images, 3), [3, 3, SIZE, SIZE]),
    });
    const features = original['features']?.data as Float32Array;
    const expected = tf.tidy(() =>
      (head.predict(tf.tensor2d(features, [3, FEATURES])) as tf.Tensor).dataSync(),
    );

    const session = await ort.InferenceSession.create(merged);
    try {
      assert.deepEqual(session.inputNames, ['image']);
      assert.deepEqual([...session.outputNames].sort(), ['embedding', 'probabilities'], "'logits' is pruned");
      const outputs = await session.run({ image: new ort.Tensor('float32', images, [3, SIZE, SIZE, 3]) });
      assertWithin(outputs['embedding']?.data as Float32Array, features, 1e-6, 'embedding');
      assertWithin(outputs['probabilities']?.data as Float32Array, expected, 1e-5, 'probabilities');
    } finally {
      await session.release();
    }
  });

  it('merges an NHWC backbone exported from tfjs and matches tfjs', async () => {
    const input = tf.input({ shape: [SIZE, SIZE, 3] });
    const conv = tf.layers.conv2d({ filters: FEATURES, kernelSize: 3, activation: 'relu' }).apply(input);
    const pooled = tf.layers.globalAveragePooling2d({}).apply(conv) as tf.SymbolicTensor;
    const backbone = tf.model({ inputs: input, outputs: pooled });
    const head = seededHead(FEATURES, 3, 4);
    const merged = exportClassifierOnOnnxBackbone(
      { bytes: exportBackboneToOnnx(backbone), embeddingOutput: 'embedding', layout: 'NHWC' },
      head,
    );
    const reference = tfjsOutputs(backbone, head, images, [3, SIZE, SIZE, 3]);
    const outputs = await runOnce(merged, { image: new ort.Tensor('float32', images, [3, SIZE, SIZE, 3]) });
    assertWithin(outputs['embedding']?.data as Float32Array, reference.embedding, 1e-5, 'embedding');
    assertWithin(
      outputs['probabilities']?.data as Float32Array,
      reference.probabilities,
      1e-5,
      'probabilities',
    );
  });

  it('names a missing embedding output, a head of the wrong width and an old opset', () => {
    const bytes = foreignNchwBackbone();
    assert.throws(
      () =>
        exportClassifierOnOnnxBackbone(
          { bytes, embeddingOutput: 'pool5', layout: 'NCHW' },
          seededHead(FEATURES, 2, 1),
        ),
      /no node output named 'pool5'/,
    );
    assert.throws(
      () =>
        exportClassifierOnOnnxBackbone(
          { bytes, embeddingOutput: 'features', layout: 'NCHW' },
          seededHead(7, 2, 1),
        ),
      /takes 7 features, but 'features' has 4/,
    );
    assert.throws(
      () =>
        exportClassifierOnOnnxBackbone(
          { bytes: foreignNchwBackbone(11), embeddingOutput: 'features', layout: 'NCHW' },
          seededHead(FEATURES, 2, 1),
        ),
      /uses opset 11; 13 or later is needed/,
    );
  });
});
