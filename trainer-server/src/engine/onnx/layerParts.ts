import type * as tf from '@tensorflow/tfjs';
import type { OnnxValue } from './onnxGraphBuilder.js';
import { UnsupportedLayerError } from './unsupportedLayerError.js';

/** Read access to one layer's configuration and weights, throwing UnsupportedLayerError on surprises. */
export class LayerParts {
  readonly name: string;
  readonly className: string;
  private readonly config: tf.serialization.ConfigDict;

  constructor(
    readonly layer: tf.layers.Layer,
    /** Keras (NHWC) shapes of the inputs of the call being exported. */
    readonly inputShapes: readonly (readonly (number | null)[])[],
  ) {
    this.name = layer.name;
    this.className = layer.getClassName();
    this.config = layer.getConfig();
  }

  unsupported(reason: string): UnsupportedLayerError {
    return new UnsupportedLayerError(this.name, this.className, reason);
  }

  number(key: string): number {
    const value = this.config[key];
    if (typeof value !== 'number')
      throw this.unsupported(`config '${key}' is ${JSON.stringify(value)}, not a number`);
    return value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.config[key];
    return value === null || value === undefined ? undefined : this.number(key);
  }

  string(key: string): string {
    const value = this.config[key];
    if (typeof value !== 'string')
      throw this.unsupported(`config '${key}' is ${JSON.stringify(value)}, not a string`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.config[key];
    if (typeof value !== 'boolean')
      throw this.unsupported(`config '${key}' is ${JSON.stringify(value)}, not a boolean`);
    return value;
  }

  /** A pair such as kernelSize or strides; a single number means the same on both axes. */
  pair(key: string): [number, number] {
    const value = this.config[key];
    if (typeof value === 'number') return [value, value];
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
      return [value[0] as number, value[1] as number];
    }
    throw this.unsupported(`config '${key}' is ${JSON.stringify(value)}, not a pair of numbers`);
  }

  raw(key: string): unknown {
    return this.config[key];
  }

  requireChannelsLast(): void {
    const format = this.config['dataFormat'];
    if (format !== undefined && format !== 'channelsLast') {
      throw this.unsupported(`dataFormat ${JSON.stringify(format)} (only channelsLast is supported)`);
    }
  }

  requireRank(value: OnnxValue, rank: number): void {
    if (value.rank !== rank) throw this.unsupported(`input has rank ${value.rank}, expected ${rank}`);
  }

  /** Weight by its role, the part of its name after the last '/': kernel, bias, gamma, moving_mean... */
  weight(role: string): tf.Tensor {
    const found = this.layer.weights.find((w) => w.originalName.split('/').pop() === role);
    if (found === undefined) throw this.unsupported(`no '${role}' weight`);
    return found.read();
  }

  hasWeight(role: string): boolean {
    return this.layer.weights.some((w) => w.originalName.split('/').pop() === role);
  }
}

/**
 * The tensor's values as float32, optionally transposed first. The transpose runs here in plain
 * JavaScript: one tfjs op per weight costs more in dispatch than the copy itself.
 */
export function floatValues(tensor: tf.Tensor, perm?: readonly number[]): Float32Array {
  const data = Float32Array.from(tensor.dataSync());
  if (perm === undefined) return data;
  const shape = tensor.shape;
  const outShape = perm.map((axis) => shape[axis] ?? 1);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const permutedStrides = perm.map((axis) => strides[axis] ?? 0);
  const out = new Float32Array(data.length);
  const index = outShape.map(() => 0);
  for (let i = 0; i < out.length; i++) {
    let source = 0;
    for (let d = 0; d < index.length; d++) source += (index[d] ?? 0) * (permutedStrides[d] ?? 0);
    out[i] = data[source] ?? 0;
    for (let d = index.length - 1; d >= 0; d--) {
      const next = (index[d] ?? 0) + 1;
      if (next < (outShape[d] ?? 1)) {
        index[d] = next;
        break;
      }
      index[d] = 0;
    }
  }
  return out;
}
