import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { CustomBaseModelFacts } from '../../../../trainer-server/src/engine/baseModel/index.js';
import {
  BaseModelError,
  loadOnnxBaseModel,
  loadTfjsBaseModel,
} from '../../../../trainer-server/src/engine/baseModel/index.js';
import { exportBackboneToOnnx } from '../../../../trainer-server/src/engine/onnx/index.js';
import { assertWithin, syntheticImages, useWasmBackend } from '../onnx/modelFixtures.js';

const SIZE = 20;
const FACTS: CustomBaseModelFacts = {
  preprocessing: { channelOrder: 'BGR', scale: 2 / 255, offset: -1, valueRange: [-1, 1], resize: 'bilinear' },
  provenance: 'a test backbone with seeded random weights',
};

/** A small classifier whose 'features' layer is the embedding, like a deployment's own model. */
function smallClassifier(): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  const conv = tf.layers
    .conv2d({
      filters: 6,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input);
  const features = tf.layers.globalAveragePooling2d({ name: 'features' }).apply(conv);
  const logits = tf.layers.dense({ units: 2, name: 'logits' }).apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits });
}

function isBaseModelError(file: string, ...fragments: string[]): (error: unknown) => boolean {
  return (error) =>
    error instanceof BaseModelError &&
    error.file === file &&
    [file, ...fragments].every((fragment) => error.message.includes(fragment));
}

describe('custom base models', () => {
  let dir: string;
  let classifier: tf.LayersModel;
  const images = syntheticImages(2, SIZE);
  let expected: Float32Array;

  before(async () => {
    await useWasmBackend();
    dir = await mkdtemp(join(tmpdir(), 'aift-base-model-'));
    classifier = smallClassifier();
    const features = tf.model({ inputs: classifier.inputs, outputs: classifier.getLayer('features').output });
    expected = tf.tidy(
      () =>
        (features.predict(tf.tensor4d(images, [2, SIZE, SIZE, 3])) as tf.Tensor).dataSync() as Float32Array,
    );
    await classifier.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const manifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }];
        await writeFile(
          join(dir, 'model.json'),
          JSON.stringify({ modelTopology: artifacts.modelTopology, weightsManifest: manifest }),
        );
        await writeFile(
          join(dir, 'weights.bin'),
          new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)),
        );
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    await writeFile(join(dir, 'backbone.onnx'), exportBackboneToOnnx(features));
  });
  after(async () => {
    classifier.dispose();
    await rm(dir, { recursive: true });
  });

  describe('tfjs layers model directory', () => {
    it('loads and cuts at the named embedding layer', async () => {
      const base = await loadTfjsBaseModel({ directory: dir, embeddingLayer: 'features', ...FACTS });
      const d = base.description;
      assert.deepEqual(
        [d.inputHeight, d.inputWidth, d.channels, d.layout, d.embeddingName, d.embeddingSize],
        [SIZE, SIZE, 3, 'NHWC', 'features', 6],
      );
      assert.equal(d.preprocessing, FACTS.preprocessing);
      assert.equal(d.provenance, FACTS.provenance);
      const actual = tf.tidy(() =>
        (base.model.predict(tf.tensor4d(images, [2, SIZE, SIZE, 3])) as tf.Tensor).dataSync(),
      );
      assertWithin(actual, expected, 0, 'reloaded embedding');
      base.model.dispose();
    });

    it('names the layer and the file when the embedding layer is missing', async () => {
      const file = join(dir, 'model.json');
      await assert.rejects(
        loadTfjsBaseModel({ directory: dir, embeddingLayer: 'pool5', ...FACTS }),
        isBaseModelError(file, "'pool5'"),
      );
    });

    it('refuses an embedding layer that is not [batch, size]', async () => {
      const conv = classifier.layers[1]?.name ?? '';
      await assert.rejects(
        loadTfjsBaseModel({ directory: dir, embeddingLayer: conv, ...FACTS }),
        isBaseModelError(join(dir, 'model.json'), conv, '[batch, size]'),
      );
    });

    it('names model.json when the directory has none', async () => {
      const missing = join(dir, 'nowhere');
      await assert.rejects(
        loadTfjsBaseModel({ directory: missing, embeddingLayer: 'features', ...FACTS }),
        isBaseModelError(join(missing, 'model.json')),
      );
    });

    it('names the weight shard when it is missing', async () => {
      const copy = await mkdtemp(join(tmpdir(), 'aift-base-model-'));
      await writeFile(join(copy, 'model.json'), await readFile(join(dir, 'model.json')));
      await assert.rejects(
        loadTfjsBaseModel({ directory: copy, embeddingLayer: 'features', ...FACTS }),
        isBaseModelError(join(copy, 'weights.bin'), 'model.json'),
      );
      await rm(copy, { recursive: true });
    });
  });

  describe('ONNX backbone file', () => {
    it('loads, checks the embedding output and describes the input', async () => {
      const file = join(dir, 'backbone.onnx');
      const base = await loadOnnxBaseModel({ file, embeddingOutput: 'embedding', layout: 'NHWC', ...FACTS });
      try {
        assert.equal(base.inputName, 'image');
        const d = base.description;
        assert.deepEqual([d.inputHeight, d.inputWidth, d.channels, d.embeddingSize], [SIZE, SIZE, 3, 6]);
        const outputs = await base.session.run({
          image: new ort.Tensor('float32', images, [2, SIZE, SIZE, 3]),
        });
        assertWithin(outputs['embedding']?.data as Float32Array, expected, 1e-5, 'ONNX embedding');
      } finally {
        await base.session.release();
      }
    });

    it('names the output and the file when the embedding output is missing', async () => {
      const file = join(dir, 'backbone.onnx');
      await assert.rejects(
        loadOnnxBaseModel({ file, embeddingOutput: 'pool5', layout: 'NHWC', ...FACTS }),
        isBaseModelError(file, "'pool5'", 'outputs: embedding'),
      );
    });

    it('names the file when it is missing or not ONNX', async () => {
      const missing = join(dir, 'missing.onnx');
      await assert.rejects(
        loadOnnxBaseModel({ file: missing, embeddingOutput: 'embedding', layout: 'NHWC', ...FACTS }),
        isBaseModelError(missing, 'not found'),
      );
      const garbage = join(dir, 'garbage.onnx');
      await writeFile(garbage, 'not a protobuf');
      await assert.rejects(
        loadOnnxBaseModel({ file: garbage, embeddingOutput: 'embedding', layout: 'NHWC', ...FACTS }),
        isBaseModelError(garbage, 'onnxruntime cannot load it'),
      );
      await unlink(garbage);
    });
  });
});
