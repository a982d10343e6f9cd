import { DicomAttributeError } from './dicomFrame.js';
import type { DicomFrame } from './dicomFrame.js';

export const VOI_LUT_FUNCTIONS = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const;
export type VoiLutFunction = (typeof VOI_LUT_FUNCTIONS)[number];

export interface VoiWindow {
  readonly center: number;
  readonly width: number;
  readonly fn: VoiLutFunction;
}

/** The frame's first VOI window, checked; undefined when the frame has none (neither centre nor width). */
export function voiWindowOf(frame: DicomFrame): VoiWindow | undefined {
  const center = firstValue(frame, 'WindowCenter');
  const width = firstValue(frame, 'WindowWidth');
  if (center === undefined && width === undefined) return undefined;
  if (center === undefined) {
    throw new DicomAttributeError('WindowCenter', 'missing while WindowWidth is given');
  }
  if (width === undefined) {
    throw new DicomAttributeError('WindowWidth', 'missing while WindowCenter is given');
  }
  const fn = frame.VOILUTFunction ?? 'LINEAR';
  if (!(VOI_LUT_FUNCTIONS as readonly string[]).includes(fn)) {
    throw new DicomAttributeError(
      'VOILUTFunction',
      `${JSON.stringify(fn)} is not one of ${VOI_LUT_FUNCTIONS.join(', ')}`,
    );
  }
  // PS3.3 C.11.2.1.2: LINEAR needs a width of at least 1 (its slope is 1 / (width - 1)); the others any > 0.
  const minWidth = fn === 'LINEAR' ? 1 : Number.MIN_VALUE;
  if (!(width >= minWidth)) {
    throw new DicomAttributeError(
      'WindowWidth',
      `${width} is too small for ${fn} (must be ${fn === 'LINEAR' ? '>= 1' : '> 0'})`,
    );
  }
  return { center, width, fn: fn as VoiLutFunction };
}

/**
 * The VOI LUT function of PS3.3 C.11.2.1.2 (LINEAR, LINEAR_EXACT) and C.11.2.1.3 (SIGMOID) with output range
 * [0, 1]: a value at or below the window's bottom maps to 0, above its top to 1.
 */
export function applyVoiWindow(x: number, { center: c, width: w, fn }: VoiWindow): number {
  switch (fn) {
    case 'LINEAR':
      if (x <= c - 0.5 - (w - 1) / 2) return 0;
      if (x > c - 0.5 + (w - 1) / 2) return 1;
      return (x - (c - 0.5)) / (w - 1) + 0.5;
    case 'LINEAR_EXACT':
      if (x <= c - w / 2) return 0;
      if (x > c + w / 2) return 1;
      return (x - c) / w + 0.5;
    case 'SIGMOID':
      return 1 / (1 + Math.exp((-4 * (x - c)) / w));
  }
}

function firstValue(frame: DicomFrame, attribute: 'WindowCenter' | 'WindowWidth'): number | undefined {
  const raw: unknown = frame[attribute];
  // A multi-valued window holds alternative views of the same image (PS3.3 C.11.2.1.2); the first is the default.
  const value = Array.isArray(raw) ? (raw as readonly unknown[])[0] : raw;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DicomAttributeError(attribute, `${JSON.stringify(raw)} is not a finite number`);
  }
  return value;
}
