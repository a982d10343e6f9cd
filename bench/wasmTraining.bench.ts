// One training step (forward + backward + SGD update) of a small MobileNetV2-like network on the wasm
// backend, with the gradient kernels this project registers, against tfjs's pure-JS CPU backend; and
// of a full-depth MobileNetV2 0.35 on wasm alone.
// Run: npx tsx bench/wasmTraining.bench.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

import * as tf from '@tensorflow/tfjs';

import { activateWasmBackend } from '../trainer-server/src/engine/backend/wasmBackend.js';

const CLASSES = 4;
const RUNS = 5;

/** [expansion, output channels, stride] of each inverted residual block. */
type Block = [number, number, number];

interface Network {
  label: string;
  batch: number;
  size: number;
  stem: number;
  blocks: Block[];
  head: number;
}

/** Small enough for the CPU backend to finish in about a minute. */
const SMALL: Network = {
  label: 'MobileNetV2-like, 6 blocks',
  batch: 8,
  size: 96,
  stem: 16,
  blocks: [
    [1, 8, 1],
    [6, 8, 2],
    [6, 8, 1],
    [6, 16, 2],
    [6, 16, 1],
    [6, 24, 2],
  ],
  head: 128,
};

/** All 17 blocks of MobileNetV2 at width 0.35 (channels rounded to multiples of 8), as ml-stack.md timed it. */
const FULL: Network = {
  label: 'MobileNetV2 0.35, 17 blocks',
  batch: 16,
  size: 128,
  stem: 16,
  blocks: (
    [
      [1, 8, 1, 1],
      [6, 8, 2, 2],
      [6, 16, 3, 2],
      [6, 24, 4, 2],
      [6, 32, 3, 1],
      [6, 56, 3, 2],
      [6, 112, 1, 1],
    ] as const
  ).flatMap(([t, c, n, s]) => Array.from({ length: n }, (_, i): Block => [t, c, i === 0 ? s : 1])),
  head: 1280,
};

type Weights = Map<string, tf.Variable>;

function weight(weights: Weights, name: string, shape: number[]): tf.Variable {
  let v = weights.get(name);
  if (v === undefined) {
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    v = tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', weights.size + 1), true, name);
    weights.set(name, v);
  }
  return v;
}

function forward(net: Network, weights: Weights, images: tf.Tensor4D): tf.Tensor2D {
  const conv = (x: tf.Tensor4D, name: string, k: number, out: number, stride: number) =>
    tf.conv2d(x, weight(weights, name, [k, k, x.shape[3], out]) as tf.Tensor4D, stride, 'same');
  let x = tf.relu6(conv(images, 'stem', 3, net.stem, 2));
  net.blocks.forEach(([expansion, out, stride], i) => {
    const inChannels = x.shape[3];
    let h = expansion === 1 ? x : tf.relu6(conv(x, `b${i}.expand`, 1, inChannels * expansion, 1));
    const dw = weight(weights, `b${i}.dw`, [3, 3, h.shape[3], 1]) as tf.Tensor4D;
    h = tf.relu6(tf.depthwiseConv2d(h, dw, stride, 'same'));
    h = conv(h, `b${i}.project`, 1, out, 1);
    x = stride === 1 && inChannels === out ? tf.add(x, h) : h;
  });
  const pooled = tf.mean<tf.Tensor2D>(tf.relu6(conv(x, 'head', 1, net.head, 1)), [1, 2]);
  return tf.matMul(pooled, weight(weights, 'classifier', [net.head, CLASSES]));
}

async function stepTimes(net: Network): Promise<number[]> {
  const weights: Weights = new Map();
  const images = tf.randomUniform<tf.Rank.R4>([net.batch, net.size, net.size, 3], 0, 1, 'float32', 1);
  const classes = Int32Array.from({ length: net.batch }, (_, i) => i % CLASSES);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), CLASSES));
  const optimizer = tf.train.sgd(0.01);
  const loss = () =>
    tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, forward(net, weights, images));
  tf.tidy(() => forward(net, weights, images)); // creates the weights outside the timed steps
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    const value = optimizer.minimize(loss, true);
    await value?.data();
    value?.dispose();
    if (run > 0) times.push(performance.now() - start); // run 0 warms up
  }
  tf.dispose([images, labels, ...weights.values()]);
  optimizer.dispose();
  return times;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const wasm = await activateWasmBackend();
const smallWasm = await stepTimes(SMALL);
const fullWasm = await stepTimes(FULL);
await tf.setBackend('cpu');
const smallCpu = await stepTimes(SMALL);

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), no GPU, Node ${process.version}`;
const fmt = (ms: number) => ms.toFixed(0);
const row = (net: Network, backend: string, times: number[]) =>
  `| ${net.label} | ${net.size} px, batch ${net.batch} | ${backend} | ${fmt(median(times))} | ${times.map(fmt).join(', ')} |`;
const describeNet = (net: Network) =>
  `${net.label}: 3x3 stride-2 stem to ${net.stem} channels; inverted residual blocks (1x1 expand, ` +
  `3x3 depthwise, 1x1 project) with strides ${net.blocks.map((b) => b[2]).join(', ')}; 1x1 head to ` +
  `${net.head} channels; global pooling; linear classifier.`;
const report = `# Training step on wasm vs CPU

Date: ${date}. Machine: ${machine}. tfjs ${tf.version.tfjs}; wasm SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.threadsCount} thread.

One SGD step (forward, backward, update) with ReLU6 activations and no batch norm; median of ${RUNS}
timed steps after one warm-up step. The wasm backend runs with the kernels registered by
\`trainer-server/src/engine/backend/wasmGradientKernels.ts\`: the three gradient kernels wasm lacks,
and a Conv2DBackpropInput that replaces wasm's own, several times slower one.

- ${describeNet(SMALL)}
- ${describeNet(FULL)} Not run on the CPU backend, which ml-stack.md puts at about 80 s per step.

| network | input | backend | median ms per step | all runs (ms) |
| --- | --- | --- | ---: | --- |
${row(SMALL, 'wasm', smallWasm)}
${row(SMALL, 'cpu', smallCpu)}
${row(FULL, 'wasm', fullWasm)}

On the small network wasm is ${(median(smallCpu) / median(smallWasm)).toFixed(1)}x faster than the CPU backend.

Run: \`npx tsx bench/wasmTraining.bench.ts\`
`;
console.log(report);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/wasmTraining.md', report);
