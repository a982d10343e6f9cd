import type { AugmentationPlan, PatchTransform } from './plan.js';

/** A preprocessed image: row-major, interleaved channels (HWC), any float range. */
export interface ImagePlane {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/**
 * Renders one transform of an image as a `size` x `size` patch (HWC) by bilinear sampling at pixel
 * centres, clamped at the edges. Output pixel q (centred coordinates in [-1/2, 1/2]) reads the source at
 * centre + scale * unflip(unrotate(q)), so the patch shows the crop flipped, then turned. The same code
 * runs in the browser and on the server, so both score exactly the same patches.
 */
export function extractPatch(image: ImagePlane, t: PatchTransform, size: number): Float32Array {
  const { data, width, height, channels } = image;
  assertImage(image);
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`patch size must be a positive integer, got ${size}`);
  const out = new Float32Array(size * size * channels);
  // Source pixel coordinates are built from exact integers (offsets in units of 1 / (2 * size)) so the
  // identity at full size reads every pixel exactly, with no rounding drift into its neighbour.
  const x0Offset = width * (0.5 + t.dx) - 0.5;
  const y0Offset = height * (0.5 + t.dy) - 0.5;
  const xScale = (t.scale * width) / (2 * size);
  const yScale = (t.scale * height) / (2 * size);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const [ra, b] = unrotate(2 * u + 1 - size, 2 * v + 1 - size, t.rot90);
      const a = t.flip ? -ra : ra;
      const x = Math.min(Math.max(x0Offset + xScale * a, 0), width - 1);
      const y = Math.min(Math.max(y0Offset + yScale * b, 0), height - 1);
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = x - x0;
      const fy = y - y0;
      const o = (v * size + u) * channels;
      for (let ch = 0; ch < channels; ch++) {
        const p00 = data[(y0 * width + x0) * channels + ch]!;
        const p01 = data[(y0 * width + x1) * channels + ch]!;
        const p10 = data[(y1 * width + x0) * channels + ch]!;
        const p11 = data[(y1 * width + x1) * channels + ch]!;
        const top = p00 + (p01 - p00) * fx;
        const bottom = p10 + (p11 - p10) * fx;
        out[o + ch] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

/** All patches of a plan as one NHWC batch (m x size x size x channels), ready for the model. */
export function extractPatches(image: ImagePlane, plan: AugmentationPlan, size: number): Float32Array {
  const patchLength = size * size * image.channels;
  const batch = new Float32Array(plan.transforms.length * patchLength);
  plan.transforms.forEach((t, j) => batch.set(extractPatch(image, t, size), j * patchLength));
  return batch;
}

/** Undoes `turns` counter-clockwise quarter turns of the centred point (a, b) (y points down). */
function unrotate(a: number, b: number, turns: 0 | 1 | 2 | 3): readonly [number, number] {
  switch (turns) {
    case 0:
      return [a, b];
    case 1:
      return [-b, a];
    case 2:
      return [-a, -b];
    case 3:
      return [b, -a];
  }
}

function assertImage({ data, width, height, channels }: ImagePlane): void {
  if (![width, height, channels].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`image size ${width} x ${height} x ${channels} must be positive integers`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`image has ${data.length} values, expected ${width} x ${height} x ${channels}`);
  }
}
