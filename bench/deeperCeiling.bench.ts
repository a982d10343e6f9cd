// Issue 9, item 3: how much higher is the ceiling (the AUC of a model trained on every pool label) when more
// than the head is trained, and what does it cost per round on this CPU? A measurement, not a product path
// yet: the product trains a head on cached embeddings. Options, each on the same images and labels:
//   - the default: a linear softmax head on the frozen 1280-d embedding;
//   - a head with one hidden layer (128 ReLU units) on the same embedding;
//   - the backbone's last 1x1 convolution (Conv_1, 320 -> 1280, its batch norm folded in) un-frozen, trained
//     with a linear head from cached block_16_project_BN features (7 x 7 x 320 per image).
// One patch per image (the plain image, letterboxed to 224 px as the product does), so the figures compare
// the options with one another; the simulation's own full-pool AUC uses the 8 dihedral patches.
//   npm run bench -- deeperCeiling [dataset.npz]
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, extractPatches, IDENTITY, toModelInput } from '@aift/selection-core';
import { selectBackend } from '../trainer-server/src/engine/backend/selectBackend.js';
import { loadNsfwjsMobileNetV2 } from '../trainer-server/src/engine/baseModel/nsfwjsMobileNetV2.js';
import { createHead } from '../trainer-server/src/engine/head/createHead.js';
import { predictHead } from '../trainer-server/src/engine/head/predictHead.js';
import { trainHead } from '../trainer-server/src/engine/head/trainHead.js';
import type { HeadTraining } from '../trainer-server/src/engine/head/trainHead.js';
import { loadNpzDataset } from '../trainer-server/src/datasets/npz/loadNpzDataset.js';
import type { DatasetSplit } from '../trainer-server/src/datasets/labeledDataset.js';
import { classificationMetrics } from '../trainer-server/src/evaluation/metrics.js';
import { spread } from '../trainer-server/src/simulation/spread.js';
import { median, publish } from './lib/report.js';

const DATA = process.argv[2] ?? '../shared/data/pneumoniamnist/pneumoniamnist_subset-B_balanced.npz';
const SEEDS = [1, 2, 3];
const SIZE = 224;
const MID_LAYER = 'block_16_project_BN';
const MID_SHAPE = [7, 7, 320] as const;
const MID_SIZE = MID_SHAPE[0] * MID_SHAPE[1] * MID_SHAPE[2];
const EMBEDDING_SIZE = 1280;
/** A round of the product's default (ACFT-LQ) late in a session: every label so far, 8 patches each. */
const ROUND_EXAMPLES = 256 * 8;
const CACHE = join('.cache', 'deeper-ceiling');

interface Features {
  readonly pooled: Float32Array;
  readonly spatial: Float32Array;
  readonly labels: Int32Array;
}

interface Option {
  readonly name: string;
  readonly inputSize: number;
  readonly create: (seed: number) => tf.LayersModel;
  readonly training: Omit<HeadTraining, 'rng'>;
  readonly input: (f: Features) => Float32Array;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const backend = await selectBackend();
log(`training backend: ${backend.name}`);
const dataset = await loadNpzDataset(DATA);
const classes = dataset.classNames.length;
const base = await loadNsfwjsMobileNetV2();
const full = base.model;
const extractor = tf.model({
  inputs: full.inputs,
  outputs: [
    full.getLayer(MID_LAYER).output as tf.SymbolicTensor,
    full.getLayer(base.description.embeddingName).output as tf.SymbolicTensor,
  ],
});
const conv1 = foldedConv1(full);

const splits = {
  train: await features('train', dataset.splits.train),
  val: await features('val', dataset.splits.val),
  test: await features('test', dataset.splits.test),
};

const headTraining = {
  epochs: 10,
  batchSize: 64,
  learningRate: 0.01,
  l2: 1e-4,
  classWeighting: 'balanced',
} as const;
const options: Option[] = [
  {
    name: 'linear head on the frozen embedding (the default)',
    inputSize: EMBEDDING_SIZE,
    create: (seed) => createHead({ inputSize: EMBEDDING_SIZE, classes, hiddenUnits: 0, seed }),
    training: headTraining,
    input: (f) => f.pooled,
  },
  {
    name: 'one hidden layer (128 ReLU) on the frozen embedding',
    inputSize: EMBEDDING_SIZE,
    create: (seed) => createHead({ inputSize: EMBEDDING_SIZE, classes, hiddenUnits: 128, seed }),
    training: headTraining,
    input: (f) => f.pooled,
  },
  {
    // Adam at the head's 0.01 would wreck the pre-trained kernel; 0.001 moves it without starting over.
    name: 'Conv_1 un-frozen + linear head',
    inputSize: MID_SIZE,
    create: (seed) => convTop(seed),
    training: { ...headTraining, batchSize: 32, learningRate: 0.001 },
    input: (f) => f.spatial,
  },
];

const rows: string[] = [];
for (const option of options) {
  const val: number[] = [];
  const test: number[] = [];
  const perExampleEpochMs: number[] = [];
  for (const seed of SEEDS) {
    const model = option.create(seed);
    const started = Date.now();
    await trainHead(
      model,
      classes,
      { embeddings: option.input(splits.train), labels: splits.train.labels, inputSize: option.inputSize },
      { ...option.training, rng: createRng(seed) },
    );
    const ms = Date.now() - started;
    perExampleEpochMs.push(ms / (splits.train.labels.length * option.training.epochs));
    const auc = (f: Features) =>
      classificationMetrics(predictHead(model, option.input(f), option.inputSize), f.labels, classes).auc;
    val.push(auc(splits.val));
    test.push(auc(splits.test));
    model.dispose();
    log(
      `${option.name}, seed ${seed}: val ${val.at(-1)!.toFixed(4)}, test ${test.at(-1)!.toFixed(4)}, ${(ms / 1000).toFixed(1)} s`,
    );
  }
  const round = (median(perExampleEpochMs) * ROUND_EXAMPLES * option.training.epochs) / 1000;
  rows.push(
    `| ${option.name} | ${meanSd(val)} | ${meanSd(test)} | ${median(perExampleEpochMs).toFixed(3)} | ${round.toFixed(1)} |`,
  );
}

publish(
  'deeperCeiling',
  `# How high can the model go: training more than the head (issue 9, item 3)

Command: \`npm run bench -- deeperCeiling ${process.argv[2] ?? ''}\`. Data: \`${basename(DATA)}\`, the whole train split
(${splits.train.labels.length} images) as the labeled pool; AUC on its val (${splits.val.labels.length}) and test
(${splits.test.labels.length}) splits; ${SEEDS.length} seeds (mean ± sd). One patch per image (the plain image,
letterboxed to 224 px); 10 epochs of Adam with class-balanced weights. Backbone: the nsfwjs MobileNetV2
(docs/engine.md). Features computed once with tfjs (${backend.name}) and cached; the time is training only.
"Round" projects one ACFT-LQ round late in a session (256 labels x 8 patches x 10 epochs) from the measured
time per example and epoch.

| option | full-pool AUC, val | full-pool AUC, test | ms per example-epoch | projected round (s) |
|---|---|---|---|---|
${rows.join('\n')}

Training backend: ${backend.name}, one thread. Un-freezing Conv_1 trains 410k more weights from the cached
7 x 7 x 320 features, which are 12x larger than the embedding (61 kB per patch).`,
);

async function features(name: string, split: DatasetSplit): Promise<Features> {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${basename(DATA)}-${name}.f32`);
  const count = split.labels.length;
  const per = MID_SIZE + EMBEDDING_SIZE;
  if (!existsSync(file)) {
    const out = new Float32Array(count * per);
    const batch = 16;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const patches = new Float32Array(n * SIZE * SIZE * 3);
      for (let i = 0; i < n; i++) {
        const square = toModelInput(split.images[start + i]!, { size: SIZE, channels: 3, fit: 'letterbox' });
        patches.set(
          extractPatches(square, { name: 'identity', transforms: [IDENTITY] }, SIZE),
          i * SIZE * SIZE * 3,
        );
      }
      const [mid, pooled] = tf.tidy(
        () => extractor.predict(tf.tensor4d(patches, [n, SIZE, SIZE, 3])) as tf.Tensor[],
      );
      const midData = await mid!.data();
      const pooledData = await pooled!.data();
      tf.dispose([mid!, pooled!]);
      for (let i = 0; i < n; i++) {
        out.set(midData.subarray(i * MID_SIZE, (i + 1) * MID_SIZE), (start + i) * per);
        out.set(
          pooledData.subarray(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE),
          (start + i) * per + MID_SIZE,
        );
      }
      if ((start / batch) % 20 === 0) log(`features ${name}: ${start + n}/${count}`);
    }
    writeFileSync(`${file}.tmp`, out);
    renameSync(`${file}.tmp`, file);
  }
  const all = new Float32Array(readFileSync(file).buffer.slice(0));
  const spatial = new Float32Array(count * MID_SIZE);
  const pooled = new Float32Array(count * EMBEDDING_SIZE);
  for (let i = 0; i < count; i++) {
    spatial.set(all.subarray(i * per, i * per + MID_SIZE), i * MID_SIZE);
    pooled.set(all.subarray(i * per + MID_SIZE, (i + 1) * per), i * EMBEDDING_SIZE);
  }
  return { spatial, pooled, labels: split.labels };
}

/** Conv_1's kernel with Conv_1_bn folded in (inference statistics), as a kernel and a bias. */
function foldedConv1(model: tf.LayersModel): { kernel: tf.Tensor4D; bias: tf.Tensor1D } {
  const [kernel] = model.getLayer('Conv_1').getWeights() as [tf.Tensor4D];
  const bn = model.getLayer('Conv_1_bn');
  const [gamma, beta, mean, variance] = bn.getWeights() as tf.Tensor1D[];
  const epsilon = (bn.getConfig() as { epsilon?: number }).epsilon ?? 1e-3;
  return tf.tidy(() => {
    const scale = tf.div<tf.Tensor1D>(gamma!, tf.sqrt(tf.add(variance!, epsilon)));
    return {
      kernel: tf.keep(tf.mul<tf.Tensor4D>(kernel, scale)),
      bias: tf.keep(tf.sub<tf.Tensor1D>(beta!, tf.mul(mean!, scale))),
    };
  });
}

/** Flat 7 x 7 x 320 features -> Conv_1 (pre-trained, trainable) -> ReLU6 -> average pool -> softmax head. */
function convTop(seed: number): tf.LayersModel {
  const model = tf.sequential({ name: 'conv1_top' });
  model.add(tf.layers.reshape({ inputShape: [MID_SIZE], targetShape: [...MID_SHAPE] }));
  model.add(tf.layers.conv2d({ filters: EMBEDDING_SIZE, kernelSize: 1, useBias: true, name: 'Conv_1' }));
  model.add(tf.layers.reLU({ maxValue: 6 }));
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(
    tf.layers.dense({
      units: classes,
      name: 'head_logits',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.add(tf.layers.softmax());
  model.getLayer('Conv_1').setWeights([conv1.kernel, conv1.bias]);
  return model;
}

function meanSd(values: readonly number[]): string {
  const { mean, sd } = spread(values);
  return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
}
