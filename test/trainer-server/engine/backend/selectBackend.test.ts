import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { formatBackendReport } from '../../../../trainer-server/src/engine/backend/backendReport.js';
import type { TrainingBackendName } from '../../../../trainer-server/src/engine/backend/backendReport.js';
import {
  BackendUnavailableError,
  selectBackend,
} from '../../../../trainer-server/src/engine/backend/selectBackend.js';
import { WASM_GRADIENT_KERNELS } from '../../../../trainer-server/src/engine/backend/wasmGradientKernels.js';

const GRADIENT_KERNELS = WASM_GRADIENT_KERNELS.map((k) => k.kernelName);

function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

// The tests share tfjs's process-global backend and run in order: the first one starts from scratch.
describe('selectBackend on a machine without libtensorflow', () => {
  it('has neither tfjs-node package installed (the premise of the tests below)', () => {
    assert.equal(isInstalled('@tensorflow/tfjs-node-gpu'), false);
    assert.equal(isInstalled('@tensorflow/tfjs-node'), false);
  });

  it('falls through tfjs-node-gpu and tfjs-node to wasm, saying why each was skipped', async () => {
    const report = await selectBackend();
    assert.equal(report.name, 'wasm');
    assert.equal(report.tfBackend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(report.forced, false);
    assert.equal(report.gpu, false);
    assert.equal(report.tfjsVersion, tf.version.tfjs);
    assert.deepEqual(
      report.tried.map((t) => t.name),
      ['tfjs-node-gpu', 'tfjs-node'],
    );
    for (const attempt of report.tried) {
      assert.match(attempt.error, new RegExp(`Cannot find package '@tensorflow/${attempt.name}'`));
    }
    assert.ok(report.wasm !== null);
    assert.equal(report.wasm.simd, true);
    assert.equal(report.wasm.multithread, false);
    assert.equal(report.wasm.threadsCount, 1);
    assert.deepEqual(report.wasm.gradientKernels, {
      added: [
        'Conv2DBackpropFilter',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
      ],
      replaced: ['Conv2DBackpropInput'],
      alreadyRegistered: [],
    });
  });

  it('leaves wasm able to differentiate a convolution', async () => {
    const grad = tf.grad((f: tf.Tensor) =>
      tf.sum(tf.conv2d(tf.ones<tf.Rank.R4>([1, 4, 4, 1]), f as tf.Tensor4D, 1, 'valid')),
    );
    const dFilter = grad(tf.ones([3, 3, 1, 1]));
    assert.deepEqual(Array.from(await dFilter.data()), Array(9).fill(4));
  });

  for (const name of ['tfjs-node-gpu', 'tfjs-node'] as const) {
    it(`throws a clear error when ${name} is forced, and keeps the current backend`, async () => {
      const attempt = selectBackend({ force: name });
      await assert.rejects(attempt, (error: unknown) => {
        assert.ok(error instanceof BackendUnavailableError);
        assert.equal(error.backend, name);
        assert.match(
          error.message,
          new RegExp(`^training backend '${name}' was requested but is unavailable: `),
        );
        assert.match(error.reason, new RegExp(`Cannot find package '@tensorflow/${name}'`));
        return true;
      });
      assert.equal(tf.getBackend(), 'wasm');
    });
  }

  it('runs a forced cpu backend and reports it as forced', async () => {
    const report = await selectBackend({ force: 'cpu' });
    assert.deepEqual(
      {
        name: report.name,
        tfBackend: report.tfBackend,
        forced: report.forced,
        tried: report.tried,
        wasm: report.wasm,
      },
      { name: 'cpu', tfBackend: 'cpu', forced: true, tried: [], wasm: null },
    );
    assert.equal(tf.getBackend(), 'cpu');
  });

  it('switches back to a forced wasm backend without registering the kernels twice', async () => {
    const report = await selectBackend({ force: 'wasm' });
    assert.equal(tf.getBackend(), 'wasm');
    assert.deepEqual(report.wasm?.gradientKernels, {
      added: [],
      replaced: [],
      alreadyRegistered: GRADIENT_KERNELS,
    });
  });

  it('rejects an unknown backend name with the list of known ones', async () => {
    await assert.rejects(
      selectBackend({ force: 'webgpu' as TrainingBackendName }),
      new TypeError("unknown training backend 'webgpu'; expected one of tfjs-node-gpu, tfjs-node, wasm, cpu"),
    );
  });

  it('formats the report for the log and the doctor command', async () => {
    const text = formatBackendReport(await selectBackend());
    const lines = text.split('\n');
    assert.equal(lines[0], `training backend: wasm (tfjs ${tf.version.tfjs}, backend 'wasm')`);
    assert.equal(lines[1], 'gpu: no');
    assert.equal(lines[2], 'wasm: simd on, threads off (1)');
    assert.equal(lines[3], `wasm gradient kernels: ${GRADIENT_KERNELS.join(', ')}`);
    assert.match(lines[4] ?? '', /^skipped tfjs-node-gpu: Cannot find package '@tensorflow\/tfjs-node-gpu'/);
    assert.match(lines[5] ?? '', /^skipped tfjs-node: Cannot find package '@tensorflow\/tfjs-node'/);
    assert.equal(lines.length, 6);
  });
});
