import { unzipSync } from 'fflate';
import { parse } from 'npyjs';
import { DatasetFormatError, readDatasetFile } from '../datasetFormatError.js';

/** One array of an .npz archive, checked to hold as many values as its shape says. */
export interface NpzArray {
  readonly key: string;
  /** numpy's type code without the byte order: u1, i8, f4, ... */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly fortranOrder: boolean;
  /** npyjs gives a typed array for numbers (BigInt64Array for 64-bit integers), a plain array otherwise. */
  readonly data: ArrayLike<unknown>;
}

/**
 * Reads the arrays `keys` of the .npz archive `file` (numpy's savez: a zip of `<key>.npy` entries, stored
 * or deflated). Only the entries asked for are inflated. Throws a DatasetFormatError naming the file and
 * the key when an entry is missing or is not a well-formed .npy array.
 */
export async function readNpzArrays(file: string, keys: readonly string[]): Promise<Map<string, NpzArray>> {
  const archive = await readDatasetFile(file);
  const wanted = new Set(keys.map((key) => `${key}.npy`));
  const present: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(archive, {
      filter: ({ name }) => {
        present.push(name);
        return wanted.has(name);
      },
    });
  } catch (cause) {
    throw new DatasetFormatError(file, undefined, `is not a readable .npz (zip) archive: ${String(cause)}`, {
      cause,
    });
  }
  const arrays = new Map<string, NpzArray>();
  for (const key of keys) {
    const entry = entries[`${key}.npy`];
    if (entry === undefined) {
      const held = present.map((name) => name.replace(/\.npy$/, '')).join(', ') || 'nothing';
      throw new DatasetFormatError(file, { key }, `missing from the archive, which holds: ${held}`);
    }
    arrays.set(key, parseNpy(file, key, entry));
  }
  return arrays;
}

function parseNpy(file: string, key: string, entry: Uint8Array): NpzArray {
  // npyjs views the data at an offset into the buffer it is given: hand it a buffer of this entry alone, so
  // the view starts at the entry's aligned data offset.
  const own = entry.byteOffset === 0 && entry.byteLength === entry.buffer.byteLength ? entry : entry.slice();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(own.buffer as ArrayBuffer);
  } catch (cause) {
    throw new DatasetFormatError(file, { key }, `is not a readable .npy array: ${String(cause)}`, { cause });
  }
  const data = parsed.data as unknown as ArrayLike<unknown>;
  const expected = parsed.shape.reduce((n, d) => n * d, 1);
  if (data.length !== expected) {
    throw new DatasetFormatError(
      file,
      { key },
      `holds ${data.length} values but its shape (${parsed.shape.join(', ')}) says ${expected}: truncated?`,
    );
  }
  return { key, dtype: parsed.dtype, shape: parsed.shape, fortranOrder: parsed.fortranOrder, data };
}
