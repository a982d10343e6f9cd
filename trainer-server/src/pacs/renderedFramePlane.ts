import type { ImagePlane } from '@aift/selection-core';
import sharp from 'sharp';

/**
 * A rendered frame (PNG, as WADO-RS /rendered returns it) as a plane in [0, 1]: each sample divided by the
 * largest value of its bit depth, grey as 1 channel, colour as 3, alpha dropped. The PACS has already
 * applied its modality and VOI transforms, so no window is applied here.
 */
export async function renderedFramePlane(png: Uint8Array): Promise<ImagePlane> {
  const { format, depth, channels, hasAlpha } = await sharp(png).metadata();
  if (format !== 'png') throw new TypeError(`a rendered frame must be a PNG, got ${format}`);
  if (depth !== 'uchar' && depth !== 'ushort') {
    throw new TypeError(`rendered samples of type ${depth} are not read here: 8- or 16-bit expected`);
  }
  const grey = channels - (hasAlpha ? 1 : 0) === 1;
  const deep = depth === 'ushort';
  const { data, info } = await sharp(png)
    .removeAlpha()
    .toColourspace(grey ? (deep ? 'grey16' : 'b-w') : deep ? 'rgb16' : 'srgb')
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
  // A copy, so that the 16-bit view starts at an aligned offset of a buffer of its own.
  const own = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const samples = deep ? new Uint16Array(own) : new Uint8Array(own);
  const scale = deep ? 65535 : 255;
  const plane = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) plane[i] = samples[i]! / scale;
  return { data: plane, width: info.width, height: info.height, channels: info.channels };
}
