// What exporting the default classifier costs, how big the file is, and how fast the exported graph runs
// in the two runtimes that consume it: onnxruntime-node (the server's embedding cache) and
// onnxruntime-web (the radiologist's browser; its wasm build runs in Node too).
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { loadNsfwjsMobileNetV2 } from '../trainer-server/src/engine/baseModel/index.js';
import { exportBackboneToOnnx, exportClassifierToOnnx } from '../trainer-server/src/engine/onnx/index.js';
import { median, publish } from './lib/report.js';

const RUNS = 11;
const SIZE = 224;
const BATCHES = [1, 16];

async function timeAsync(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

function head(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1280], units: 128, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 2 }),
      tf.layers.softmax(),
    ],
  });
}

/** Pixel values in [0, 1] (the nsfwjs input range); inference time does not depend on them. */
function images(batch: number): Float32Array {
  return Float32Array.from({ length: batch * SIZE * SIZE * 3 }, (_, i) => (i % 251) / 250);
}

type Runtime = typeof ortNode | typeof ortWeb;

async function msPerImage(
  runtime: Runtime,
  bytes: Uint8Array,
  options: ortNode.InferenceSession.SessionOptions,
): Promise<number[]> {
  const session = await runtime.InferenceSession.create(bytes, options);
  const perImage: number[] = [];
  for (const batch of BATCHES) {
    const image = new runtime.Tensor('float32', images(batch), [batch, SIZE, SIZE, 3]);
    perImage.push(median(await timeAsync(() => session.run({ image }))) / batch);
  }
  await session.release();
  return perImage;
}

const loadBefore = loadavg()[0] ?? 0;
await tf.setBackend('wasm');
const loadMs = median(await timeAsync(async () => (await loadNsfwjsMobileNetV2()).model.dispose(), 3));
const { model: backbone } = await loadNsfwjsMobileNetV2();
const classifierHead = head();
const classifierMs = median(
  await timeAsync(() => Promise.resolve(exportClassifierToOnnx(backbone, classifierHead))),
);
const backboneMs = median(await timeAsync(() => Promise.resolve(exportBackboneToOnnx(backbone))));
const classifier = exportClassifierToOnnx(backbone, classifierHead);
const backboneOnly = exportBackboneToOnnx(backbone);

// Browsers give wasm threads only to cross-origin-isolated pages, so one thread is the safe figure.
ortWeb.env.wasm.numThreads = 1;
const inference: [string, number[]][] = [
  ['onnxruntime-node, 1 thread', await msPerImage(ortNode, classifier, { intraOpNumThreads: 1 })],
  ['onnxruntime-node, 2 threads', await msPerImage(ortNode, classifier, { intraOpNumThreads: 2 })],
  ['onnxruntime-web (wasm, SIMD), 1 thread', await msPerImage(ortWeb, classifier, {})],
];
const loadAfter = loadavg()[0] ?? 0;
const mb = (bytes: Uint8Array): string => (bytes.byteLength / 2 ** 20).toFixed(2);

publish(
  'onnxExport',
  `# ONNX export of the default classifier (nsfwjs MobileNetV2 1.0 / 224 + Dense-128 / Dropout / Dense-2 / Softmax head)

Median of ${RUNS} runs after one warm-up (model loading: 3 runs). Command: \`npm run bench -- onnxExport\`.
tfjs runs on its wasm backend; the exporter reads the weights from it. Other sessions may share this
2-core machine: its one-minute load average was ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after the run.

| step | result |
|---|---:|
| load the nsfwjs backbone (tfjs, offline) | ${loadMs.toFixed(0)} ms |
| export classifier (image -> probabilities, embedding) | ${classifierMs.toFixed(0)} ms |
| export backbone alone (image -> embedding) | ${backboneMs.toFixed(0)} ms |
| classifier ONNX size | ${mb(classifier)} MiB (${classifier.byteLength.toLocaleString('en')} bytes) |
| backbone ONNX size | ${mb(backboneOnly)} MiB (${backboneOnly.byteLength.toLocaleString('en')} bytes) |

Inference of the exported classifier, ms per image (224 x 224 x 3, float32):

| runtime | ${BATCHES.map((b) => `batch ${b}`).join(' | ')} |
|---|${BATCHES.map(() => '---:').join('|')}|
${inference.map(([name, ms]) => `| ${name} | ${ms.map((v) => v.toFixed(1)).join(' | ')} |`).join('\n')}`,
);
