import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { TfjsBaseModel } from '../../../../trainer-server/src/engine/baseModel/index.js';
import { loadNsfwjsMobileNetV2 } from '../../../../trainer-server/src/engine/baseModel/index.js';
import { createHead } from '../../../../trainer-server/src/engine/head/createHead.js';
import {
  classifierIoSpec,
  describeExportedBackbone,
  exportBackboneToOnnx,
  exportClassifierToOnnx,
} from '../../../../trainer-server/src/engine/onnx/index.js';
import { lastFeatureMap } from '../../../../trainer-server/src/engine/onnx/onnxIoSpec.js';
import {
  assertWithin,
  maxAbsDifference,
  seededHead,
  syntheticImages,
  tfjsOutputs,
  useWasmBackend,
} from './modelFixtures.js';

const SIZE = 224;
const TOLERANCE = 1e-4;
type Runtime = typeof ortNode | typeof ortWeb;
const RUNTIMES: [string, Runtime][] = [
  ['onnxruntime-node', ortNode],
  ['onnxruntime-web (wasm)', ortWeb],
];

async function run(
  runtime: Runtime,
  session: ortNode.InferenceSession,
  images: Float32Array,
  batch: number,
): Promise<Record<string, Float32Array>> {
  const image = new runtime.Tensor('float32', images, [batch, SIZE, SIZE, 3]);
  const outputs = await session.run({ image });
  return Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t.data as Float32Array]));
}

describe('exportClassifierToOnnx: nsfwjs MobileNetV2 + a seeded 2-class head', () => {
  let base: TfjsBaseModel;
  let backbone: tf.LayersModel;
  let head: tf.LayersModel;
  let bytes: Uint8Array;
  const images = syntheticImages(3, SIZE);
  let reference: ReturnType<typeof tfjsOutputs>;

  before(async () => {
    await useWasmBackend();
    base = await loadNsfwjsMobileNetV2();
    backbone = base.model;
    head = seededHead(1280, 2, 42);
    bytes = exportClassifierToOnnx(backbone, head);
    reference = tfjsOutputs(backbone, head, images, [3, SIZE, SIZE, 3], lastFeatureMap(backbone)?.tensor);
  });
  after(() => {
    backbone.dispose();
    head.dispose();
  });

  it('gives a reference that tells the synthetic images apart', () => {
    const [p0, , p1] = reference.probabilities;
    assert.ok(
      p0 !== undefined && p1 !== undefined && Math.abs(p0 - p1) > 1e-3,
      'images 0 and 1 score differently',
    );
    assert.ok(
      maxAbsDifference(reference.embedding.subarray(0, 1280), reference.embedding.subarray(1280, 2560)) > 0.1,
    );
  });

  for (const [runtimeName, runtime] of RUNTIMES) {
    it(`matches tfjs within ${TOLERANCE} in ${runtimeName}, batch 3 and batch 1`, async () => {
      const session = await runtime.InferenceSession.create(bytes);
      try {
        assert.deepEqual(session.inputNames, ['image']);
        assert.deepEqual([...session.outputNames].sort(), [
          'cell_probabilities',
          'embedding',
          'probabilities',
        ]);
        const three = await run(runtime, session, images, 3);
        assertWithin(
          three['probabilities'],
          reference.probabilities,
          TOLERANCE,
          `${runtimeName} batch 3 probabilities`,
        );
        assertWithin(three['embedding'], reference.embedding, TOLERANCE, `${runtimeName} batch 3 embedding`);
        assert.equal(reference.cellProbabilities.length, 3 * 7 * 7 * 2, '7 x 7 cells of 2 classes per image');
        assertWithin(
          three['cell_probabilities'],
          reference.cellProbabilities,
          TOLERANCE,
          `${runtimeName} batch 3 cell probabilities`,
        );
        const one = await run(runtime, session, images.subarray(SIZE * SIZE * 3 * 2), 1);
        assertWithin(
          one['probabilities'],
          reference.probabilities.subarray(4),
          TOLERANCE,
          `${runtimeName} batch 1 probabilities`,
        );
        assertWithin(
          one['embedding'],
          reference.embedding.subarray(2560),
          TOLERANCE,
          `${runtimeName} batch 1 embedding`,
        );
      } finally {
        await session.release();
      }
    });
  }

  it('declares the same inputs and outputs as classifierIoSpec', async () => {
    const session = await ortNode.InferenceSession.create(bytes);
    try {
      const spec = classifierIoSpec(backbone, head);
      const shapes = (metadata: readonly ortNode.InferenceSession.ValueMetadata[]) =>
        metadata.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
      assert.deepEqual(shapes(session.inputMetadata), [{ name: 'image', shape: ['batch', 224, 224, 3] }]);
      assert.deepEqual(
        shapes(session.outputMetadata),
        spec.outputs.map((o) => ({ name: o.name, shape: [...o.shape] })),
      );
      assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec, 'the spec survives JSON');
      assert.deepEqual(spec.outputs[0]?.shape, ['batch', 2]);
      assert.deepEqual(
        spec.outputs.map((o) => [o.name, o.role]),
        [
          ['probabilities', 'probabilities'],
          ['embedding', 'embedding'],
          ['cell_probabilities', 'cellProbabilities'],
        ],
      );
      assert.deepEqual(spec.outputs[2]?.shape, ['batch', 7, 7, 2]);
    } finally {
      await session.release();
    }
  });

  it("with a linear head, the frame's logits are the mean of its cells' logits (a class activation map)", async () => {
    const linear = createHead({ inputSize: 1280, classes: 2, hiddenUnits: 0, seed: 5 });
    // Larger weights than the initialiser's, so the cells' logits differ visibly from one another.
    linear.setWeights(linear.getWeights().map((w) => tf.mul(w, 5)));
    const session = await ortNode.InferenceSession.create(exportClassifierToOnnx(backbone, linear));
    try {
      const out = await run(ortNode, session, images, 3);
      const frames = out['probabilities']!;
      const cells = out['cell_probabilities']!;
      // With two classes, log(p1 / p0) is the logit difference: softmax's shift cancels.
      const logit = (p: Float32Array, i: number) => Math.log(p[2 * i + 1]! / p[2 * i]!);
      for (let n = 0; n < 3; n++) {
        let sum = 0;
        let spread = 0;
        for (let c = 0; c < 49; c++) {
          sum += logit(cells, n * 49 + c);
          spread = Math.max(spread, Math.abs(logit(cells, n * 49 + c) - logit(cells, n * 49)));
        }
        assert.ok(spread > 0.1, `image ${n}: the cells' logits differ (spread ${spread})`);
        const mean = sum / 49;
        assert.ok(Math.abs(mean - logit(frames, n)) < 1e-3, `image ${n}: ${mean} vs ${logit(frames, n)}`);
      }
    } finally {
      await session.release();
      linear.dispose();
    }
  });

  it('exports the backbone alone with the single output embedding', async () => {
    const session = await ortNode.InferenceSession.create(exportBackboneToOnnx(backbone));
    try {
      assert.deepEqual(session.outputNames, [describeExportedBackbone(base.description).embeddingName]);
      const outputs = await run(ortNode, session, images, 3);
      assertWithin(outputs['embedding'], reference.embedding, TOLERANCE, 'embedding');
    } finally {
      await session.release();
    }
  });
});
