// The viewer scores an image by running the published ONNX classifier on the plan's patches; the server
// scores it from cached backbone embeddings through the head. Both must give the same probabilities.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { buildPlan, extractPatches, PLAN_PRESETS, toModelInput, worthiness } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import { tinyBackbone } from '../services/support.js';
import { ContinualLearner } from '../../../trainer-server/src/engine/continual/ContinualLearner.js';
import { BackboneEmbedder } from '../../../trainer-server/src/engine/embeddings/BackboneEmbedder.js';
import { embedPatches } from '../../../trainer-server/src/engine/embeddings/embedPatches.js';
import {
  exportBackboneToOnnx,
  exportClassifierToOnnx,
} from '../../../trainer-server/src/engine/onnx/exportOnnx.js';

const SIZE = 16;

/** Grey images with a bright blob (class 1) or a dark one (class 0) at varying places. */
function images(count: number): { planes: ImagePlane[]; labels: number[] } {
  const planes: ImagePlane[] = [];
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    const cx = 5 + (n % 7);
    const cy = 4 + ((n * 3) % 9);
    const data = Float32Array.from({ length: 20 * 18 }, (_, i) => {
      const x = i % 20;
      const y = Math.floor(i / 20);
      const blob = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 8);
      return 0.4 + (label ? 0.5 : -0.35) * blob + 0.05 * Math.sin(i * 1.7 + n);
    });
    planes.push({ data, width: 20, height: 18, channels: 1 });
    labels.push(label);
  }
  return { planes, labels };
}

describe('published classifier vs the server head', () => {
  it('gives the same patch probabilities and worthiness in onnxruntime-node and -web (1e-4)', async () => {
    const plan = buildPlan({ ...PLAN_PRESETS.paper, patches: 6 });
    const { model, description } = tinyBackbone();
    const embedder = await BackboneEmbedder.fromOnnxBytes(exportBackboneToOnnx(model), description);
    const { planes, labels } = images(16);
    const embeddings = await embedPatches(embedder, planes, { plan, fit: 'letterbox' });
    await embedder.release();
    const stride = plan.transforms.length * description.embeddingSize;
    const embeddingsOf = (i: number) => embeddings.subarray(i * stride, (i + 1) * stride);

    const learner = new ContinualLearner({
      head: { inputSize: 6, classes: 2, hiddenUnits: 4, seed: 1 },
      training: { epochs: 20, batchSize: 16, learningRate: 0.05, l2: 0, classWeighting: 'balanced' },
      strategy: 'HQ',
      patches: plan.transforms.length,
      seed: 1,
    });
    await learner.fineTune([], labels.map((label, index) => ({ index, label })).slice(0, 12), embeddingsOf);
    const server = learner.predict([12, 13, 14, 15], embeddingsOf);

    const onnx = exportClassifierToOnnx(model, learner.head);
    for (const [name, ort] of [
      ['onnxruntime-node', ortNode],
      ['onnxruntime-web', ortWeb],
    ] as const) {
      const session = await ort.InferenceSession.create(onnx);
      const viewer = new Float32Array(server.data.length);
      for (let c = 0; c < 4; c++) {
        const patches = extractPatches(
          toModelInput(planes[12 + c]!, { size: SIZE, channels: 3, fit: 'letterbox' }),
          plan,
          SIZE,
        );
        const m = plan.transforms.length;
        const out = await session.run({ image: new ort.Tensor('float32', patches, [m, SIZE, SIZE, 3]) });
        viewer.set(out.probabilities!.data as Float32Array, c * m * 2);
      }
      await session.release();
      viewer.forEach((v, i) =>
        assert.ok(Math.abs(v - server.data[i]!) < 1e-4, `${name}, value ${i}: ${v} vs ${server.data[i]}`),
      );
      const a = worthiness({ ...server, data: viewer }).worthiness;
      const b = worthiness(server).worthiness;
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-4, `${name}, worthiness ${i}: ${v} vs ${b[i]}`));
    }
    learner.dispose();
    model.dispose();
  });
});
