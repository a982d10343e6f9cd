import { DicomAttributeError } from './dicomFrame.js';
import type { DicomFrame } from './dicomFrame.js';
import { applyVoiWindow, voiWindowOf } from './voiWindow.js';

/**
 * Grey stored values to display values in [0, 1], 0 = black: modality LUT (RescaleSlope, RescaleIntercept),
 * then the first VOI window. Without a window the frame's own range after rescale is stretched linearly onto
 * [0, 1] (min -> 0, max -> 1; a flat frame gives 0), so the result depends on this frame alone and the
 * browser and the server agree. MONOCHROME1 (0 = white) is inverted last.
 */
export function greyToUnit(stored: Int32Array, frame: DicomFrame): Float32Array {
  const slope = frame.RescaleSlope ?? 1;
  const intercept = frame.RescaleIntercept ?? 0;
  if (typeof slope !== 'number' || !Number.isFinite(slope) || slope === 0) {
    throw new DicomAttributeError('RescaleSlope', `${String(slope)} is not a finite non-zero number`);
  }
  if (typeof intercept !== 'number' || !Number.isFinite(intercept)) {
    throw new DicomAttributeError('RescaleIntercept', `${String(intercept)} is not a finite number`);
  }
  const window = voiWindowOf(frame);
  const invert = frame.PhotometricInterpretation === 'MONOCHROME1';
  const modality = new Float64Array(stored.length);
  for (let i = 0; i < stored.length; i++) modality[i] = stored[i]! * slope + intercept;
  const toUnit = window === undefined ? minMaxStretch(modality) : (x: number) => applyVoiWindow(x, window);
  const out = new Float32Array(stored.length);
  for (let i = 0; i < out.length; i++) {
    const y = toUnit(modality[i]!);
    out[i] = invert ? 1 - y : y;
  }
  return out;
}

function minMaxStretch(values: Float64Array): (x: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  return range > 0 ? (x) => (x - min) / range : () => 0;
}
