import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { TfjsBaseModel } from '../../../../trainer-server/src/engine/baseModel/index.js';
import {
  NSFWJS_MOBILENET_V2_EMBEDDING_LAYER,
  NSFWJS_MOBILENET_V2_PREPROCESSING,
  loadNsfwjsMobileNetV2,
} from '../../../../trainer-server/src/engine/baseModel/index.js';
import { assertWithin, syntheticImages, useWasmBackend } from '../onnx/modelFixtures.js';

describe('loadNsfwjsMobileNetV2', () => {
  let base: TfjsBaseModel;

  before(async () => {
    await useWasmBackend();
    base = await loadNsfwjsMobileNetV2();
  });
  after(() => base.model.dispose());

  it('cuts the bundled MobileNetV2 at the 1280-d pool, before the nsfwjs head', () => {
    assert.deepEqual(base.model.inputs[0]?.shape, [null, 224, 224, 3]);
    assert.deepEqual(base.model.outputs[0]?.shape, [null, 1280]);
    assert.equal(base.model.layers.at(-1)?.name, NSFWJS_MOBILENET_V2_EMBEDDING_LAYER);
    assert.ok(!base.model.layers.some((l) => l.getClassName() === 'Dense'), 'no layer of the 5-class head');
    assert.equal(base.model.countParams(), 2257984, "Keras MobileNetV2 1.0's parameter count without top");
  });

  it('yields the global average of the last 7 x 7 x 1280 feature map', () => {
    const pooledByHand = tf.model({
      inputs: base.model.inputs,
      outputs: base.model.getLayer('out_relu').output,
    });
    tf.tidy(() => {
      const images = tf.tensor4d(syntheticImages(2, 224), [2, 224, 224, 3]);
      const embedding = base.model.predict(images) as tf.Tensor;
      const featureMap = pooledByHand.predict(images) as tf.Tensor;
      assert.deepEqual(featureMap.shape, [2, 7, 7, 1280]);
      assertWithin(embedding.dataSync(), featureMap.mean([1, 2]).dataSync(), 1e-5, 'embedding vs mean');
      assert.ok((embedding.max().dataSync()[0] ?? 0) > 0, 'the embedding is not all zeros');
    });
  });

  it('describes input, preprocessing, embedding and provenance', () => {
    const d = base.description;
    assert.deepEqual(
      [d.inputHeight, d.inputWidth, d.channels, d.layout, d.embeddingName, d.embeddingSize],
      [224, 224, 3, 'NHWC', 'flatten_1', 1280],
    );
    assert.equal(d.preprocessing, NSFWJS_MOBILENET_V2_PREPROCESSING);
    assert.equal(d.preprocessing.channelOrder, 'RGB');
    assert.equal(255 * d.preprocessing.scale + d.preprocessing.offset, 1, 'pixel 255 maps to 1, as x / 255');
    assert.deepEqual(d.preprocessing.valueRange, [0, 1]);
    for (const fact of [
      'nsfwjs@4.4.0',
      'ImageNet',
      '5 NSFW classes',
      'uint8-quantised',
      'Not a pure ImageNet',
    ]) {
      assert.ok(d.provenance.includes(fact), `provenance mentions '${fact}'`);
    }
  });
});
