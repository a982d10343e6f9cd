import sharp from 'sharp';
import type { Sharp } from 'sharp';

/** Sample i of a w x h x channels image: a smooth ramp (JPEG keeps it close) covering 0 to `max`. */
export function ramp(width: number, height: number, channels: number, max: number): number[] {
  const length = width * height * channels;
  return Array.from({ length }, (_, i) => Math.round((i / (length - 1)) * max));
}

type Format = 'png' | 'tiff' | 'jpeg';

/** An 8-bit image file; 1 channel writes grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
export function encode8(
  samples: readonly number[],
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  format: Format,
): Promise<Buffer> {
  const image = sharp(Uint8Array.from(samples), { raw: { width, height, channels } });
  return finish(channels <= 2 ? image.toColourspace('b-w') : image, format);
}

/** A 16-bit image file (PNG or TIFF): 1 channel grey, 3 RGB. */
export function encode16(
  samples: readonly number[],
  width: number,
  height: number,
  channels: 1 | 3,
  format: 'png' | 'tiff',
): Promise<Buffer> {
  const image = sharp(Uint16Array.from(samples), { raw: { width, height, channels } });
  return finish(image.toColourspace(channels === 1 ? 'grey16' : 'rgb16'), format);
}

function finish(image: Sharp, format: Format): Promise<Buffer> {
  // sharp's TIFF default compression is JPEG, which would change the values: LZW is lossless.
  if (format === 'tiff') return image.tiff({ compression: 'lzw' }).toBuffer();
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}
