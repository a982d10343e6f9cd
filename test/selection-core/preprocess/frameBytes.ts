// Little-endian pixel bytes for hand-made frames.

export function bytes8(values: readonly number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function bytes16(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint16(2 * i, v, true));
  return out;
}
