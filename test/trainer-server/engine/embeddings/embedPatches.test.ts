import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { buildPlan, extractPatches, PLAN_PRESETS, toModelInput } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import type { BaseModelDescription } from '../../../../trainer-server/src/engine/baseModel/baseModelDescription.js';
import { exportBackboneToOnnx } from '../../../../trainer-server/src/engine/onnx/exportOnnx.js';
import { BackboneEmbedder } from '../../../../trainer-server/src/engine/embeddings/BackboneEmbedder.js';
import { EmbeddingCache } from '../../../../trainer-server/src/engine/embeddings/EmbeddingCache.js';
import { embedPatches } from '../../../../trainer-server/src/engine/embeddings/embedPatches.js';

const SIZE = 8;
const root = mkdtempSync(join(tmpdir(), 'aift-embed-'));
after(() => rmSync(root, { recursive: true, force: true }));

const description = (overrides: Partial<BaseModelDescription> = {}): BaseModelDescription => ({
  inputHeight: SIZE,
  inputWidth: SIZE,
  channels: 3,
  layout: 'NHWC',
  preprocessing: { channelOrder: 'RGB', scale: 1 / 255, offset: 0, valueRange: [0, 1], resize: 'bilinear' },
  embeddingName: 'embedding',
  embeddingSize: 4,
  provenance: 'a tiny backbone made in the test',
  ...overrides,
});

/** A small conv backbone with seeded weights: 8 x 8 x 3 -> conv 3x3 (4) -> global average pool. */
function tinyBackbone(): tf.LayersModel {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [SIZE, SIZE, 3],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      biasInitializer: tf.initializers.constant({ value: 0.1 }),
    }),
  );
  model.add(tf.layers.globalAveragePooling2d({}));
  return model;
}

const grey = (width: number, height: number, f: (x: number, y: number) => number): ImagePlane => ({
  data: Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width))),
  width,
  height,
  channels: 1,
});

describe('embedPatches', () => {
  const images = [grey(12, 10, (x, y) => (x + 2 * y) / 30), grey(8, 8, (x, y) => ((x * y) % 5) / 4)];
  const plan = buildPlan(PLAN_PRESETS.dihedral);

  it('embeds every patch as the backbone would, and reads them back from the cache', async () => {
    const backbone = tinyBackbone();
    const embedder = await BackboneEmbedder.fromOnnxBytes(exportBackboneToOnnx(backbone), description());
    const cache = new EmbeddingCache(join(root, 'cache'), 4);
    const options = { plan, fit: 'letterbox' as const, ids: ['a', 'b'], cache, backboneVersion: 'tiny@1' };
    const first = await embedPatches(embedder, images, options);
    assert.equal(first.length, 2 * 8 * 4);

    images.forEach((image, i) => {
      const patches = extractPatches(
        toModelInput(image, { size: SIZE, channels: 3, fit: 'letterbox' }),
        plan,
        SIZE,
      );
      const expected = tf.tidy(() =>
        (backbone.predict(tf.tensor4d(patches, [8, SIZE, SIZE, 3])) as tf.Tensor).dataSync(),
      );
      expected.forEach((v, k) =>
        assert.ok(Math.abs(first[i * 32 + k]! - v) < 1e-5, `image ${i}, value ${k}`),
      );
    });

    // A second pass finds everything cached: an embedder whose session is released proves it is not called.
    const released = await BackboneEmbedder.fromOnnxBytes(exportBackboneToOnnx(backbone), description());
    await released.release();
    await assert.rejects(embedPatches(released, images, { plan, fit: 'letterbox' }));
    assert.deepEqual(await embedPatches(released, images, options), first);
    await embedder.release();
    backbone.dispose();
  });

  it('adapts patches to a backbone that wants NCHW, BGR and its own scale', async () => {
    // An ONNX graph that only flattens its NCHW input, so the test sees exactly what the backbone receives.
    const { onnx } = onnxProto;
    const dims = (shape: (number | string)[]) => ({
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    });
    const bytes = onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion: 7,
        opsetImport: [{ domain: '', version: 13 }],
        graph: {
          name: 'flatten',
          node: [
            {
              opType: 'Flatten',
              input: ['x'],
              output: ['features'],
              attribute: [{ name: 'axis', i: 1, type: 2 }],
            },
          ],
          input: [{ name: 'x', type: dims(['batch', 3, 2, 2]) }],
          output: [{ name: 'features', type: dims(['batch', 12]) }],
        },
      }),
    ).finish();
    const session = await ort.InferenceSession.create(bytes);
    const embedder = BackboneEmbedder.fromSession(
      session,
      'x',
      description({
        inputHeight: 2,
        inputWidth: 2,
        layout: 'NCHW',
        embeddingName: 'features',
        embeddingSize: 12,
        preprocessing: {
          channelOrder: 'BGR',
          scale: 2 / 255,
          offset: -1,
          valueRange: [-1, 1],
          resize: 'bilinear',
        },
      }),
    );
    // One 2 x 2 RGB patch, pixel p = (r, g, b) = (p/10, p/10 + 0.01, p/10 + 0.02) for p = 0..3.
    const patch = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 3) / 10 + (i % 3) / 100);
    const got = await embedder.embed(patch, 1);
    // Expected: channel-major B, G, R planes, each value v * 2 - 1.
    const expected = [2, 1, 0].flatMap((ch) => [0, 1, 2, 3].map((p) => (p / 10 + ch / 100) * 2 - 1));
    expected.forEach((v, k) => assert.ok(Math.abs(got[k]! - v) < 1e-6, `value ${k}: ${got[k]} vs ${v}`));
    await assert.rejects(
      embedder.embed(new Float32Array(5), 1),
      /patches hold 5 values, expected 1 x 2 x 2 x 3/,
    );
    await embedder.release();
  });
});
