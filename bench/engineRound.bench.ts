// The learning engine's interactive path on this CPU: embedding patches with the default backbone, and one
// continual fine-tuning round on cached embeddings (issue 3: "a round of 16 new labels on 2,000 labeled
// candidates finishes in seconds"), with peak memory.
import { buildPlan, createRng, PLAN_PRESETS } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import { selectBackend } from '../trainer-server/src/engine/backend/selectBackend.js';
import { loadNsfwjsMobileNetV2 } from '../trainer-server/src/engine/baseModel/nsfwjsMobileNetV2.js';
import { ContinualLearner } from '../trainer-server/src/engine/continual/ContinualLearner.js';
import type { ContinualStrategy } from '../trainer-server/src/engine/continual/trainingSet.js';
import { BackboneEmbedder } from '../trainer-server/src/engine/embeddings/BackboneEmbedder.js';
import { embedPatches } from '../trainer-server/src/engine/embeddings/embedPatches.js';
import { median, publish } from './lib/report.js';

const RUNS = 5;
const D = 1280;
const M = 8;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const backend = await selectBackend();
const rng = createRng(1);

// 1. Embedding throughput: 24 grey 256 x 256 images x 8 dihedral patches, rendered and embedded (no cache).
const base = await loadNsfwjsMobileNetV2();
const embedder = await BackboneEmbedder.forBaseModel(base, { threads: 2 });
base.model.dispose();
const images: ImagePlane[] = Array.from({ length: 24 }, () => ({
  data: Float32Array.from({ length: 256 * 256 }, () => rng.next()),
  width: 256,
  height: 256,
  channels: 1,
}));
const plan = buildPlan(PLAN_PRESETS.dihedral);
const embedTimes: number[] = [];
for (let r = 0; r < 3; r++) {
  const start = performance.now();
  await embedPatches(embedder, images, { plan, fit: 'letterbox' });
  embedTimes.push(performance.now() - start);
}
await embedder.release();
const patchesPerSecond = (images.length * M) / (median(embedTimes) / 1000);

// 2. One round on 2,000 labeled candidates x 8 patches x 1280-d synthetic embeddings.
const pool = 2_064;
const embeddings = Float32Array.from({ length: pool * M * D }, () => rng.next() - 0.5);
const labels = Int32Array.from({ length: pool }, (_, i) => (embeddings[i * M * D]! > 0 ? 1 : 0));
const embeddingsOf = (i: number) => embeddings.subarray(i * M * D, (i + 1) * M * D);
const previous = Array.from({ length: 2_000 }, (_, index) => ({ index, label: labels[index]! }));

async function roundMs(strategy: ContinualStrategy, fresh: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const learner = new ContinualLearner({
      head: { inputSize: D, classes: 2, hiddenUnits: 0, seed: r },
      training: { epochs: 10, batchSize: 64, learningRate: 0.001, l2: 1e-4, classWeighting: 'balanced' },
      strategy,
      patches: M,
      seed: r,
    });
    const newlyLabeled = Array.from({ length: fresh }, (_, k) => ({
      index: 2_000 + k,
      label: labels[2_000 + k]!,
    }));
    const start = performance.now();
    await learner.fineTune(previous, newlyLabeled, embeddingsOf);
    times.push(performance.now() - start);
    learner.dispose();
  }
  return median(times);
}

const rows: string[] = [];
for (const strategy of ['HQ', 'LQ'] as const) {
  for (const fresh of [16, 64]) {
    rows.push(`| ${strategy} | ${fresh} | ${((await roundMs(strategy, fresh)) / 1000).toFixed(2)} |`);
  }
}
clearInterval(sampler);

publish(
  'engineRound',
  `# Learning engine: embedding throughput and one continual fine-tuning round

Command: \`npm run bench -- engineRound\`. Training backend: ${backend.name}. Medians of ${RUNS} rounds (3 embedding runs).

Embedding with the default backbone (nsfwjs MobileNetV2, 224 px, onnxruntime-node, 2 threads), including
rendering the patches in JS (toModelInput + extractPatches): **${patchesPerSecond.toFixed(0)} patches/s**
(${images.length} images x ${M} patches per run).

One round on 2,000 previously labeled candidates x ${M} patches x ${D}-d cached embeddings, linear head,
10 epochs, batch 64. HQ first predicts all labeled candidates to find the misclassified ones (H), then trains
on H and the new labels; LQ trains on everything labeled (${(2_000 + 16) * M} to ${(2_000 + 64) * M} patch examples).
Synthetic embeddings with a label the head can learn, so H stays small after the first rounds of a real run;
here the head starts untrained, so H is about half of the 2,000 (the worst case for HQ).

| strategy | new labels | seconds |
|---|---:|---:|
${rows.join('\n')}

Peak resident memory of the benchmark process: ${(peakRss / 2 ** 20).toFixed(0)} MiB (the 2,064 x 8 x 1280 float32 embeddings alone are ${((pool * M * D * 4) / 2 ** 20).toFixed(0)} MiB).`,
);
