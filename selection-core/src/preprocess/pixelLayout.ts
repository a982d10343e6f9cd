import { DicomAttributeError } from './dicomFrame.js';
import type { DicomFrame } from './dicomFrame.js';

export type SupportedPhotometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'YBR_FULL';

/** The image pixel attributes of a frame, checked against each other and against the pixel data length. */
export interface PixelLayout {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: 1 | 3;
  readonly photometric: SupportedPhotometric;
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
  /** True when the samples come as planes (PlanarConfiguration 1), false when interleaved. */
  readonly planar: boolean;
}

const SAMPLES_PER_PIXEL: Readonly<Record<SupportedPhotometric, 1 | 3>> = {
  MONOCHROME1: 1,
  MONOCHROME2: 1,
  RGB: 3,
  YBR_FULL: 3,
};

export function pixelLayoutOf(frame: DicomFrame): PixelLayout {
  const rows = integerIn(frame, 'Rows', 1, 65535);
  const columns = integerIn(frame, 'Columns', 1, 65535);
  const photometric = photometricOf(frame.PhotometricInterpretation);
  const samplesPerPixel = SAMPLES_PER_PIXEL[photometric];
  if (frame.SamplesPerPixel !== samplesPerPixel) {
    throw new DicomAttributeError(
      'SamplesPerPixel',
      `${String(frame.SamplesPerPixel)} does not match PhotometricInterpretation ${photometric}, which has ${samplesPerPixel}`,
    );
  }
  const bitsAllocated = frame.BitsAllocated;
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new DicomAttributeError('BitsAllocated', `${String(bitsAllocated)} is not supported (8 or 16)`);
  }
  const bitsStored = integerIn(frame, 'BitsStored', 1, bitsAllocated);
  const highBit = integerIn(frame, 'HighBit', bitsStored - 1, bitsAllocated - 1);
  const pixelRepresentation = frame.PixelRepresentation;
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    throw new DicomAttributeError('PixelRepresentation', `${String(pixelRepresentation)} is not 0 or 1`);
  }
  if (samplesPerPixel === 3 && pixelRepresentation === 1) {
    throw new DicomAttributeError('PixelRepresentation', `signed samples are not valid for ${photometric}`);
  }
  const planarConfiguration = samplesPerPixel === 3 ? (frame.PlanarConfiguration ?? 0) : 0;
  if (planarConfiguration !== 0 && planarConfiguration !== 1) {
    throw new DicomAttributeError('PlanarConfiguration', `${String(planarConfiguration)} is not 0 or 1`);
  }
  const layout: PixelLayout = {
    rows,
    columns,
    samplesPerPixel,
    photometric,
    bitsAllocated,
    bitsStored,
    highBit,
    signed: pixelRepresentation === 1,
    planar: planarConfiguration === 1,
  };
  assertFrameLength(frame.frameData, layout);
  return layout;
}

function photometricOf(value: string): SupportedPhotometric {
  if (typeof value === 'string' && Object.hasOwn(SAMPLES_PER_PIXEL, value)) {
    return value as SupportedPhotometric;
  }
  throw new DicomAttributeError(
    'PhotometricInterpretation',
    `${JSON.stringify(value)} is not supported (${Object.keys(SAMPLES_PER_PIXEL).join(', ')})`,
  );
}

type CountAttribute = 'Rows' | 'Columns' | 'BitsStored' | 'HighBit';

function integerIn(frame: DicomFrame, attribute: CountAttribute, min: number, max: number): number {
  const value = frame[attribute];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DicomAttributeError(attribute, `${value} is not an integer in [${min}, ${max}]`);
  }
  return value;
}

function assertFrameLength(frameData: ArrayBufferView, layout: PixelLayout): void {
  if (!ArrayBuffer.isView(frameData)) {
    throw new DicomAttributeError(
      'PixelData',
      'frameData must be an ArrayBufferView (a typed array or DataView)',
    );
  }
  const { rows, columns, samplesPerPixel, bitsAllocated } = layout;
  const expected = (rows * columns * samplesPerPixel * bitsAllocated) / 8;
  if (frameData.byteLength !== expected) {
    throw new DicomAttributeError(
      'PixelData',
      `frame has ${frameData.byteLength} bytes, expected Rows x Columns x SamplesPerPixel x BitsAllocated/8 = ` +
        `${rows} x ${columns} x ${samplesPerPixel} x ${bitsAllocated / 8} = ${expected}`,
    );
  }
}
