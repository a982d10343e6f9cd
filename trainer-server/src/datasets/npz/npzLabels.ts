import { DatasetFormatError } from '../datasetFormatError.js';
import type { NpzArray } from './readNpzArrays.js';

const INTEGER_DTYPES = new Set(['u1', 'i1', 'u2', 'i2', 'u4', 'i4', 'u8', 'i8']);
// Some pipelines save class indices as floats (0.0, 1.0): taken when every value is a whole number.
const FLOAT_DTYPES = new Set(['f2', 'f4', 'f8']);
const MAX_LABEL = 2 ** 31 - 1;

/**
 * The class indices of an N or N x 1 array of integers >= 0, for `imageCount` images. Throws a
 * DatasetFormatError naming the file and the key for another dtype or shape, a count that is not the
 * images' count, or a value that is not an integer >= 0.
 */
export function npzLabels(file: string, array: NpzArray, imagesKey: string, imageCount: number): Int32Array {
  const { key, dtype, shape } = array;
  if (!INTEGER_DTYPES.has(dtype) && !FLOAT_DTYPES.has(dtype)) {
    throw new DatasetFormatError(file, { key }, `dtype is ${dtype}; labels must be integers`);
  }
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new DatasetFormatError(file, { key }, `shape is (${shape.join(', ')}); labels must be N or N x 1`);
  }
  const count = shape[0]!;
  if (count !== imageCount) {
    throw new DatasetFormatError(
      file,
      { key },
      `holds ${count} labels but "${imagesKey}" holds ${imageCount} images`,
    );
  }
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const raw = array.data[i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > MAX_LABEL) {
      throw new DatasetFormatError(
        file,
        { key },
        `label ${String(raw)} at index ${i} is not an integer >= 0 (a class index)`,
      );
    }
    labels[i] = value;
  }
  return labels;
}
