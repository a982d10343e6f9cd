import type { ImagePlane } from '@aift/selection-core';
import sharp from 'sharp';

/**
 * A PNG, JPEG or TIFF (whichever of `formats` is allowed) as a plane in [0, 1]: each sample divided by the
 * largest value of its bit depth (8 or 16 bits), grey as 1 channel, colour as 3, alpha dropped. Used for
 * image files of a dataset and for frames a PACS renders; neither gets a window applied here.
 */
export async function decodeRaster(bytes: Uint8Array, formats: ReadonlySet<string>): Promise<ImagePlane> {
  const { format, depth, channels, hasAlpha } = await sharp(bytes).metadata();
  if (!formats.has(format)) {
    throw new TypeError(`a ${format} image is not read here: ${[...formats].join(', ')} expected`);
  }
  if (depth !== 'uchar' && depth !== 'ushort') {
    throw new TypeError(`samples of type ${depth} are not read here: 8- or 16-bit unsigned expected`);
  }
  const grey = channels - (hasAlpha ? 1 : 0) === 1;
  const deep = depth === 'ushort';
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace(grey ? (deep ? 'grey16' : 'b-w') : deep ? 'rgb16' : 'srgb')
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
  // A copy, so the 16-bit view starts on an aligned offset of a buffer of its own.
  const own = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const samples = deep ? new Uint16Array(own) : new Uint8Array(own);
  const scale = deep ? 65535 : 255;
  const plane = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) plane[i] = samples[i]! / scale;
  return { data: plane, width: info.width, height: info.height, channels: info.channels };
}
