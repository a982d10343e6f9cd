import type { PixelLayout } from './pixelLayout.js';

/**
 * Colour stored values (interleaved, 3 samples) to RGB in [0, 1]: each sample divided by the largest stored
 * value, 2^BitsStored - 1. Colour images have no modality or VOI LUT (PS3.3 C.11: those apply to grey only),
 * so Rescale and Window attributes are ignored. YBR_FULL is first turned into RGB with the inverse of the
 * PS3.3 C.7.6.3.1.2 transform (chroma centred on 2^(BitsStored-1)), clamped to the stored range.
 */
export function colourToUnit(stored: Int32Array, layout: PixelLayout): Float32Array {
  const max = 2 ** layout.bitsStored - 1;
  const out = new Float32Array(stored.length);
  if (layout.photometric === 'RGB') {
    for (let i = 0; i < out.length; i++) out[i] = stored[i]! / max;
    return out;
  }
  const half = 2 ** (layout.bitsStored - 1);
  for (let i = 0; i < out.length; i += 3) {
    const y = stored[i]!;
    const cb = stored[i + 1]! - half;
    const cr = stored[i + 2]! - half;
    out[i] = clamp(y + 1.402 * cr, max) / max;
    out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr, max) / max;
    out[i + 2] = clamp(y + 1.772 * cb, max) / max;
  }
  return out;
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}
