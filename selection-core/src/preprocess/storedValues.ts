import type { PixelLayout } from './pixelLayout.js';

/**
 * The stored pixel values of a frame, interleaved (pixel-major, then sample), as integers: each sample's
 * BitsStored bits ending at HighBit are kept, the bits outside them dropped (they may hold overlays or
 * garbage), and signed values are sign-extended from bit BitsStored - 1.
 */
export function storedValues(frameData: ArrayBufferView, layout: PixelLayout): Int32Array {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, signed, planar } = layout;
  const bytes = new DataView(frameData.buffer, frameData.byteOffset, frameData.byteLength);
  const pixels = rows * columns;
  const shift = highBit + 1 - bitsStored;
  const mask = 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  const out = new Int32Array(pixels * samplesPerPixel);
  for (let i = 0; i < out.length; i++) {
    const source = planar ? (i % samplesPerPixel) * pixels + Math.floor(i / samplesPerPixel) : i;
    const raw = bitsAllocated === 8 ? bytes.getUint8(source) : bytes.getUint16(2 * source, true);
    const value = (raw >>> shift) & mask;
    out[i] = signed && value >= signBit ? value - signBit * 2 : value;
  }
  return out;
}
