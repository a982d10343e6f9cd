import type { ImagePlane } from '@aift/selection-core';

/**
 * Where an image of this size sits inside its model-input square (toModelInput's fit), as fractions x, y,
 * width, height: a letterboxed long image has bands above and below; a cropped one overflows (< 0, > 1).
 */
export function imageBox(
  image: Pick<ImagePlane, 'width' | 'height'>,
  fit: 'letterbox' | 'crop',
): readonly [number, number, number, number] {
  const side =
    fit === 'letterbox' ? Math.max(image.width, image.height) : Math.min(image.width, image.height);
  const w = image.width / side;
  const h = image.height / side;
  return [(1 - w) / 2, (1 - h) / 2, w, h];
}
