import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/** The named inputs of a kernel call, each checked to be present. */
export function requireInputs<K extends string>(
  kernelName: string,
  inputs: NamedTensorInfoMap,
  names: readonly K[],
): Record<K, TensorInfo> {
  const found = {} as Record<K, TensorInfo>;
  for (const name of names) {
    const t = inputs[name];
    if (t === undefined) throw new TypeError(`${kernelName}: input '${name}' is missing`);
    if (t.dtype !== 'float32')
      throw new TypeError(`${kernelName}: input '${name}' must be float32, got ${t.dtype}`);
    found[name] = t;
  }
  return found;
}

export function nhwc(x: TensorInfo): [number, number, number, number] {
  const [n, h, w, c] = x.shape;
  if (x.shape.length !== 4 || n === undefined || h === undefined || w === undefined || c === undefined) {
    throw new RangeError(`expected a rank-4 tensor, got shape [${x.shape.join(', ')}]`);
  }
  return [n, h, w, c];
}

export function assertShape(what: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new RangeError(`${what} has shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}
