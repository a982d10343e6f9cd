import {
  BatchMatMul,
  Conv2D,
  DepthwiseConv2dNative,
  getKernel,
  PadV2,
  Reshape,
  Reverse,
  Slice,
  Sum,
  Transpose,
} from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

import { nhwc } from './kernelArgs.js';

type Pair = [number, number];

/** Zero rows before and after, then zero columns before and after. */
export type SpatialPadding = [[number, number], [number, number]];

export interface Framed {
  x: TensorInfo;
  padding: SpatialPadding;
}

/**
 * Runs the wasm backend's own kernel functions to build a kernel it lacks. Calling kernel functions
 * rather than tf ops keeps the intermediates off the engine (no tape entries, no tracked tensors),
 * which is how tfjs's backends compose their kernels. Every intermediate is released when `body`
 * returns or throws; only the returned result survives, owned by the engine from then on.
 */
export function composeWasmKernel(
  backend: KernelBackend,
  body: (k: WasmKernelScope) => TensorInfo,
): TensorInfo {
  const scope = new WasmKernelScope(backend);
  let result: TensorInfo | undefined;
  try {
    result = body(scope);
    // Handing the engine an input (or a released intermediate) would free its data twice.
    if (!scope.owns(result)) throw new Error('a composed wasm kernel must return a fresh output');
    return result;
  } finally {
    scope.releaseAllBut(result);
  }
}

/** Typed wrappers over the wasm kernels the gradient kernels are built from. */
export class WasmKernelScope {
  private readonly owned: TensorInfo[] = [];

  constructor(private readonly backend: KernelBackend) {}

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run(Reshape, { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run(Transpose, { x }, { perm });
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run(Reverse, { x }, { dims });
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run(Sum, { x }, { axis, keepDims: false });
  }

  /** a b for rank-3 [batch, rows, cols] operands (wasm is much slower with its transpose flags). */
  batchMatMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run(BatchMatMul, { a, b }, { transposeA: false, transposeB: false });
  }

  /** A Conv2D with explicit zero padding: XNNPACK adds it without making a padded copy. */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    padding: SpatialPadding,
    strides: Pair,
    dilations: Pair,
  ): TensorInfo {
    const attrs = { strides, pad: [[0, 0], ...padding, [0, 0]], dataFormat: 'NHWC', dilations };
    return this.run(Conv2D, { x, filter }, attrs);
  }

  depthwiseConv2d(
    x: TensorInfo,
    filter: TensorInfo,
    padding: SpatialPadding,
    strides: Pair,
    dilations: Pair,
  ): TensorInfo {
    const attrs = { strides, pad: [[0, 0], ...padding, [0, 0]], dataFormat: 'NHWC', dilations };
    return this.run(DepthwiseConv2dNative, { x, filter }, attrs);
  }

  /**
   * Rows [top, top + height) and columns [left, left + width) of an NHWC tensor, where positions
   * outside it read as zero. Only the part inside is cut out here; the zeros come back as padding
   * for a convolution to add.
   */
  frame(x: TensorInfo, top: number, height: number, left: number, width: number): Framed {
    const [n, h, w, c] = nhwc(x);
    const rows = clip(top, height, h);
    const cols = clip(left, width, w);
    const padding: SpatialPadding = [
      [rows.before, rows.after],
      [cols.before, cols.after],
    ];
    if (rows.begin === 0 && rows.size === h && cols.begin === 0 && cols.size === w) return { x, padding };
    const begin = [0, rows.begin, cols.begin, 0];
    return { x: this.run(Slice, { x }, { begin, size: [n, rows.size, cols.size, c] }), padding };
  }

  /** Inserts stride - 1 zeros after every row and column: [N, H, W, C] -> [N, H*sh, W*sw, C]. */
  dilate(x: TensorInfo, [sh, sw]: Pair): TensorInfo {
    if (sh === 1 && sw === 1) return x;
    const [n, h, w, c] = nhwc(x);
    const spread = this.reshape(x, [n, h, 1, w, 1, c]);
    const paddings = [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ];
    const padded = this.run(PadV2, { x: spread }, { paddings, constantValue: 0 });
    return this.reshape(padded, [n, h * sh, w * sw, c]);
  }

  owns(t: TensorInfo): boolean {
    return this.owned.includes(t);
  }

  releaseAllBut(result: TensorInfo | undefined): void {
    for (const t of this.owned) if (t !== result) this.backend.disposeData(t.dataId);
    this.owned.length = 0;
  }

  private run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
    const kernel = getKernel(kernelName, 'wasm');
    if (kernel === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error(`wasm kernel ${kernelName} returned several outputs`);
    this.owned.push(out);
    return out;
  }
}

/** The part of [start, start + size) inside [0, extent), and the zeros needed on each side. */
function clip(start: number, size: number, extent: number) {
  const begin = Math.min(Math.max(start, 0), extent);
  const end = Math.max(Math.min(start + size, extent), begin);
  return { begin, size: end - begin, before: begin - start, after: start + size - end };
}
