import type { AugmentationPlan, ImagePlane } from '@aift/selection-core';

/** The sliding windows over the model-input square as an augmentation plan: one plain crop per window. */
export function heatMapWindows(
  window: number,
  stride: number,
): { plan: AugmentationPlan; columns: number; rows: number } {
  if (!(window > 0 && window <= 1)) throw new RangeError(`heat map window ${window} is not in (0, 1]`);
  if (!(stride > 0 && stride <= 1)) throw new RangeError(`heat map stride ${stride} is not in (0, 1]`);
  // A small epsilon so 0.5 / 0.125 steps are not lost to floating point.
  const steps = Math.floor((1 - window) / stride + 1e-9) + 1;
  // Centre the grid when the stride does not divide the free room evenly.
  const margin = (1 - window - (steps - 1) * stride) / 2;
  const centres = Array.from({ length: steps }, (_, i) => margin + window / 2 + i * stride - 0.5);
  const transforms = centres.flatMap((dy) =>
    centres.map((dx) => ({ scale: window, dx, dy, flip: false, rot90: 0 as const })),
  );
  return { plan: { name: `heat-map ${window}/${stride}`, transforms }, columns: steps, rows: steps };
}

/** Entropy of each row of `p` (windows x classes), divided by log(classes) so it lies in [0, 1]. */
export function normalisedEntropies(p: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(p.length / classes);
  const norm = classes > 1 ? Math.log(classes) : 1;
  for (let w = 0; w < out.length; w++) {
    let h = 0;
    for (let k = 0; k < classes; k++) {
      const v = p[w * classes + k]!;
      if (v > 0) h -= v * Math.log(v);
    }
    out[w] = Math.min(1, Math.max(0, h / norm));
  }
  return out;
}

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
