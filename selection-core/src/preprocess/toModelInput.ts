import type { ImagePlane } from '../patches/extractPatches.js';

/**
 * How a non-square image becomes square. 'letterbox' scales the longer side to `size` and pads the rest
 * with 0 (black), so nothing of the image is lost; 'crop' scales the shorter side to `size` and keeps the
 * centre, cutting the ends of the longer side. A finding near the edge of a long image survives only the
 * letterbox, hence the default.
 */
export type ModelInputFit = 'letterbox' | 'crop';
export const DEFAULT_FIT: ModelInputFit = 'letterbox';

export interface ModelInputOptions {
  /** Side of the square output, in pixels. */
  readonly size: number;
  /** Channels the model takes: grey is replicated to 3; colour cannot be reduced to 1. */
  readonly channels: 1 | 3;
  readonly fit?: ModelInputFit | undefined;
}

/**
 * An image as the model's square `size` x `size` input (HWC, values kept as they are: [0, 1] from
 * dicomFrameToImagePlane), ready for extractPatches. Bilinear sampling at pixel centres, clamped at the
 * edges, as extractPatch samples: output pixel u reads the source at x = ((u + 0.5) / size - 0.5) * side +
 * width / 2 - 0.5, where side is the source length that spans the output (longer side for letterbox,
 * shorter for crop); the same in y. An output pixel whose centre falls outside the image (letterbox
 * margins, half-open [0, width)) is 0. Bilinear sampling does not average: a large reduction aliases.
 */
export function toModelInput(plane: ImagePlane, options: ModelInputOptions): ImagePlane {
  const { data, width, height, channels } = plane;
  const { size, channels: outChannels } = options;
  const fit = options.fit ?? DEFAULT_FIT;
  assertPlane(plane);
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`size must be a positive integer, got ${size}`);
  }
  if (outChannels !== 1 && outChannels !== 3) {
    throw new RangeError(`channels must be 1 or 3, got ${String(outChannels)}`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`image has ${channels} channels, expected 1 or 3`);
  }
  if (channels === 3 && outChannels === 1) {
    throw new RangeError('image is colour (3 channels) but the model takes 1: convert it to grey upstream');
  }
  if (fit !== 'letterbox' && fit !== 'crop') {
    throw new RangeError(`fit must be 'letterbox' or 'crop', got ${JSON.stringify(fit)}`);
  }
  const side = fit === 'letterbox' ? Math.max(width, height) : Math.min(width, height);
  const xs = axisSamples(size, side, width);
  const ys = axisSamples(size, side, height);
  const out = new Float32Array(size * size * outChannels);
  for (let v = 0; v < size; v++) {
    const y = ys[v]!;
    if (!y.inside) continue;
    for (let u = 0; u < size; u++) {
      const x = xs[u]!;
      if (!x.inside) continue;
      const o = (v * size + u) * outChannels;
      for (let ch = 0; ch < outChannels; ch++) {
        const c = channels === 1 ? 0 : ch;
        const p00 = data[(y.i0 * width + x.i0) * channels + c]!;
        const p01 = data[(y.i0 * width + x.i1) * channels + c]!;
        const p10 = data[(y.i1 * width + x.i0) * channels + c]!;
        const p11 = data[(y.i1 * width + x.i1) * channels + c]!;
        const top = p00 + (p01 - p00) * x.f;
        const bottom = p10 + (p11 - p10) * x.f;
        out[o + ch] = top + (bottom - top) * y.f;
      }
    }
  }
  return { data: out, width: size, height: size, channels: outChannels };
}

interface AxisSample {
  readonly inside: boolean;
  readonly i0: number;
  readonly i1: number;
  readonly f: number;
}

/** Where each of the `size` output positions reads a source axis of `length` pixels (same in x and y). */
function axisSamples(size: number, side: number, length: number): AxisSample[] {
  return Array.from({ length: size }, (_, u) => {
    const centre = ((u + 0.5) / size - 0.5) * side + length / 2;
    const x = Math.min(Math.max(centre - 0.5, 0), length - 1);
    const i0 = Math.floor(x);
    return { inside: centre >= 0 && centre < length, i0, i1: Math.min(i0 + 1, length - 1), f: x - i0 };
  });
}

function assertPlane({ data, width, height, channels }: ImagePlane): void {
  if (![width, height, channels].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`image size ${width} x ${height} x ${channels} must be positive integers`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`image has ${data.length} values, expected ${width} x ${height} x ${channels}`);
  }
}
