import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import {
  registerWasmGradientKernels,
  WASM_GRADIENT_KERNELS,
} from '../../../../trainer-server/src/engine/backend/wasmGradientKernels.js';

// tfjs backends are process-global: every case below sets the backend it needs before it runs.
type Padding =
  'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
type Rounding = 'floor' | 'round' | 'ceil';
type Shape4 = [number, number, number, number];

interface ConvCase {
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Padding;
  depthwise: boolean;
  /** Through tf.fused with a bias and relu, as tfjs-layers calls it. */
  fused?: boolean;
}

const TOLERANCE = 1e-4;

/** Deterministic values in [-1, 1) from a linear congruential generator. */
function values(shape: readonly number[], seed: number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** max |actual - expected| / max |expected|: the error relative to the scale of the result. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  assert.equal(actual.length, expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(expected[i] ?? 0));
  }
  return diff / scale;
}

function forward(c: ConvCase, x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  if (c.fused === true) {
    const { pad } = c;
    if (Array.isArray(pad)) throw new TypeError('tf.fused.depthwiseConv2d takes no explicit padding');
    const outChannels = c.depthwise ? c.filter[2] * c.filter[3] : c.filter[3];
    const bias = tf.fill([outChannels], 0.1);
    const args = { x, filter, strides: c.strides, pad, bias, activation: 'relu' as const };
    return c.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
  }
  return c.depthwise
    ? tf.depthwiseConv2d(x, filter, c.strides, c.pad)
    : tf.conv2d(x, filter, c.strides, c.pad);
}

/** d/dx and d/dfilter of sum(conv(x, filter) * dy) on the given backend: dy is the upstream gradient. */
async function gradients(backend: string, c: ConvCase): Promise<{ dx: Float32Array; dFilter: Float32Array }> {
  assert.ok(await tf.setBackend(backend));
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.x, 1), c.x);
    const filter = tf.tensor4d(values(c.filter, 2), c.filter);
    const outShape = forward(c, x, filter).shape;
    const dy = tf.tensor(values(outShape, 3), outShape);
    const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(forward(c, a as tf.Tensor4D, b as tf.Tensor4D), dy)),
    )([x, filter]);
    return { dx: dx!.dataSync() as Float32Array, dFilter: dFilter!.dataSync() as Float32Array };
  });
}

async function runKernel(
  backend: string,
  name: string,
  inputs: Record<string, { shape: number[]; seed: number }>,
  attrs: tf.NamedAttrMap,
): Promise<Float32Array> {
  assert.ok(await tf.setBackend(backend));
  return tf.tidy(() => {
    const tensors = Object.fromEntries(
      Object.entries(inputs).map(([key, { shape, seed }]) => [key, tf.tensor(values(shape, seed), shape)]),
    );
    return tf.engine().runKernel<tf.Tensor>(name, tensors, attrs).dataSync() as Float32Array;
  });
}

const conv = (x: Shape4, filter: Shape4, strides: ConvCase['strides'], pad: Padding): ConvCase => ({
  x,
  filter,
  strides,
  pad,
  depthwise: false,
});
const depthwise = (x: Shape4, filter: Shape4, strides: ConvCase['strides'], pad: Padding): ConvCase => ({
  ...conv(x, filter, strides, pad),
  depthwise: true,
});

before(() => {
  registerWasmGradientKernels();
});

describe('wasm gradient kernels against the CPU backend', () => {
  const cases: ConvCase[] = [
    conv([2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'),
    conv([2, 8, 8, 3], [3, 3, 3, 4], 2, 'same'),
    conv([2, 9, 7, 3], [3, 2, 3, 5], [2, 3], 'valid'),
    conv([3, 6, 6, 8], [1, 1, 8, 6], 1, 'same'),
    conv([2, 8, 8, 4], [1, 1, 4, 6], 2, 'valid'),
    conv([2, 8, 9, 3], [3, 3, 3, 4], 2, [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ]),
    conv([1, 10, 10, 2], [5, 5, 2, 3], 3, 2),
    depthwise([2, 7, 7, 3], [3, 3, 3, 1], 1, 'same'),
    depthwise([2, 8, 8, 4], [3, 3, 4, 1], 2, 'same'),
    depthwise([2, 9, 8, 3], [3, 3, 3, 2], [2, 1], 'valid'),
    depthwise([2, 9, 8, 3], [5, 3, 3, 2], 1, [
      [0, 0],
      [2, 1],
      [1, 0],
      [0, 0],
    ]),
    depthwise([1, 11, 11, 5], [3, 3, 5, 3], 3, 1),
    { ...conv([2, 8, 8, 3], [3, 3, 3, 4], 2, 'same'), fused: true },
    { ...depthwise([2, 8, 8, 4], [3, 3, 4, 2], 1, 'same'), fused: true },
  ];
  for (const c of cases) {
    const kind = `${c.fused === true ? 'fused ' : ''}${c.depthwise ? 'depthwiseConv2d' : 'conv2d'}`;
    it(`${kind} x ${c.x.join('x')}, filter ${c.filter.join('x')}, strides ${String(c.strides)}, pad ${JSON.stringify(c.pad)}`, async () => {
      const expected = await gradients('cpu', c);
      const actual = await gradients('wasm', c);
      assert.ok(relativeError(actual.dx, expected.dx) <= TOLERANCE, 'dx');
      assert.ok(relativeError(actual.dFilter, expected.dFilter) <= TOLERANCE, 'dFilter');
    });
  }

  it('Conv2DBackpropFilter with NCHW data and ceil rounding', async () => {
    const inputs = { x: { shape: [2, 3, 9, 8], seed: 4 }, dy: { shape: [2, 4, 4, 4], seed: 5 } };
    const attrs = {
      strides: 2,
      pad: 0,
      dataFormat: 'NCHW',
      dimRoundingMode: 'ceil' as Rounding,
      filterShape: [3, 3, 3, 4],
    };
    const expected = await runKernel('cpu', 'Conv2DBackpropFilter', inputs, attrs);
    const actual = await runKernel('wasm', 'Conv2DBackpropFilter', inputs, attrs);
    assert.ok(relativeError(actual, expected) <= TOLERANCE);
  });

  it('Conv2DBackpropInput with NCHW data and ceil rounding', async () => {
    const inputs = { dy: { shape: [2, 4, 4, 4], seed: 12 }, filter: { shape: [3, 3, 3, 4], seed: 13 } };
    const attrs = {
      strides: 2,
      pad: 0,
      dataFormat: 'NCHW',
      dimRoundingMode: 'ceil' as Rounding,
      inputShape: [2, 3, 9, 8],
    };
    const expected = await runKernel('cpu', 'Conv2DBackpropInput', inputs, attrs);
    const actual = await runKernel('wasm', 'Conv2DBackpropInput', inputs, attrs);
    assert.ok(relativeError(actual, expected) <= TOLERANCE);
  });

  it('depthwise kernels with round rounding of the output size', async () => {
    // (10 - 3 + 2 * 1) / 2 + 1 = 5.5 output rows, rounded to 6.
    const common = { strides: 2, pad: 1, dilations: 1, dimRoundingMode: 'round' as Rounding };
    const dy = { shape: [2, 6, 6, 6], seed: 6 };
    const checks: [string, Parameters<typeof runKernel>[2], tf.NamedAttrMap][] = [
      [
        'DepthwiseConv2dNativeBackpropFilter',
        { x: { shape: [2, 10, 10, 3], seed: 7 }, dy },
        { ...common, filterShape: [3, 3, 3, 2] },
      ],
      [
        'DepthwiseConv2dNativeBackpropInput',
        { dy, filter: { shape: [3, 3, 3, 2], seed: 8 } },
        { ...common, inputShape: [2, 10, 10, 3] },
      ],
    ];
    for (const [name, inputs, attrs] of checks) {
      const expected = await runKernel('cpu', name, inputs, attrs);
      assert.ok(relativeError(await runKernel('wasm', name, inputs, attrs), expected) <= TOLERANCE, name);
    }
  });
});

describe('wasm depthwise gradient kernels with dilations', () => {
  // tfjs's CPU depthwise backprop kernels ignore dilations, so they cannot serve as the reference
  // here. The gradients of the bilinear sum(y * dy) satisfy <dx, x> = <dFilter, filter> = sum(y * dy)
  // exactly, which checks the dilated kernels against the forward op itself.
  const dilationCases: [number | [number, number], 'same' | 'valid'][] = [
    [2, 'same'],
    [[2, 3], 'valid'],
  ];
  const strides = 1;
  for (const [dilations, pad] of dilationCases) {
    it(`dilations ${String(dilations)}, pad ${pad}`, async () => {
      assert.ok(await tf.setBackend('wasm'));
      const [total, viaDx, viaFilter] = tf.tidy(() => {
        const x = tf.tensor4d(values([2, 11, 10, 3], 9), [2, 11, 10, 3]);
        const filter = tf.tensor4d(values([3, 3, 3, 2], 10), [3, 3, 3, 2]);
        const y = tf.depthwiseConv2d(x, filter, strides, pad, 'NHWC', dilations);
        const dy = tf.tensor(values(y.shape, 11), y.shape);
        const common = { strides, pad, dilations };
        const dx = tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropInput',
            { dy, filter },
            { ...common, inputShape: x.shape },
          );
        const dFilter = tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy },
            { ...common, filterShape: filter.shape },
          );
        return [
          tf.sum(tf.mul(y, dy)),
          tf.sum(tf.mul(dx as tf.Tensor, x)),
          tf.sum(tf.mul(dFilter as tf.Tensor, filter)),
        ].map((t) => t.dataSync()[0] ?? NaN);
      });
      assert.ok(Math.abs(viaDx! - total!) <= TOLERANCE * Math.abs(total!), `<dx, x> = ${viaDx} vs ${total}`);
      assert.ok(
        Math.abs(viaFilter! - total!) <= TOLERANCE * Math.abs(total!),
        `<dW, W> = ${viaFilter} vs ${total}`,
      );
    });
  }
});

describe('registerWasmGradientKernels', () => {
  it('registers each kernel once and keeps it on later calls', () => {
    const names = WASM_GRADIENT_KERNELS.map((k) => k.kernelName);
    assert.deepEqual(registerWasmGradientKernels(), { added: [], replaced: [], alreadyRegistered: names });
    for (const config of WASM_GRADIENT_KERNELS) assert.equal(tf.getKernel(config.kernelName, 'wasm'), config);
  });

  it('leaves no tensor or wasm buffer behind', async () => {
    assert.ok(await tf.setBackend('wasm'));
    const c = depthwise([2, 8, 8, 4], [3, 3, 4, 1], 2, 'same');
    await gradients('wasm', c);
    const before = { tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() };
    await gradients('wasm', c);
    await gradients('wasm', conv([2, 8, 8, 3], [3, 3, 3, 4], 2, 'same'));
    assert.deepEqual({ tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() }, before);
  });

  it('rejects a dy whose shape does not fit the convolution, naming it', async () => {
    assert.ok(await tf.setBackend('wasm'));
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] };
    const inputs = { x: { shape: [1, 6, 6, 3], seed: 1 }, dy: { shape: [1, 5, 5, 4], seed: 2 } };
    await assert.rejects(
      runKernel('wasm', 'Conv2DBackpropFilter', inputs, attrs),
      /dy has shape \[1, 5, 5, 4\], expected \[1, 6, 6, 4\]/,
    );
  });
});
