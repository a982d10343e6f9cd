import type { ImagePlane } from '@aift/selection-core';
import { DatasetFormatError } from '../datasetFormatError.js';
import type { NpzArray } from './readNpzArrays.js';

export interface NpzImages {
  readonly images: ImagePlane[];
  readonly channels: 1 | 3;
}

/**
 * The images of an N x H x W (grey) or N x H x W x C (C = 1 grey, 3 RGB) uint8 array, as planes in [0, 1]
 * (value / 255). Throws a DatasetFormatError naming the file and the key for any other dtype or shape.
 */
export function npzImages(file: string, array: NpzArray): NpzImages {
  const { key, dtype, shape, fortranOrder } = array;
  if (dtype !== 'u1') {
    throw new DatasetFormatError(file, { key }, `dtype is ${dtype}; images must be uint8 (u1)`);
  }
  const dims = imageDims(shape);
  if (dims === undefined) {
    throw new DatasetFormatError(
      file,
      { key },
      `shape is (${shape.join(', ')}); images must be N x H x W (grey) or N x H x W x 3 (RGB)`,
    );
  }
  const { count, height, width, channels } = dims;
  // Fortran order changes the layout as soon as two axes are longer than 1.
  if (fortranOrder && shape.filter((d) => d > 1).length > 1) {
    throw new DatasetFormatError(
      file,
      { key },
      'is stored in Fortran order; save it C-contiguous (numpy.ascontiguousarray) instead',
    );
  }
  const values = array.data as Uint8Array;
  const length = height * width * channels;
  const images: ImagePlane[] = [];
  for (let i = 0; i < count; i++) {
    const data = new Float32Array(length);
    const offset = i * length;
    for (let j = 0; j < length; j++) data[j] = values[offset + j]! / 255;
    images.push({ data, width, height, channels });
  }
  return { images, channels };
}

function imageDims(
  shape: readonly number[],
): { count: number; height: number; width: number; channels: 1 | 3 } | undefined {
  const [count, height, width, channels = 1] = shape;
  if (shape.length < 3 || shape.length > 4) return undefined;
  if (count === undefined || height === undefined || width === undefined) return undefined;
  if (height < 1 || width < 1 || (channels !== 1 && channels !== 3)) return undefined;
  return { count, height, width, channels };
}
