import { DicomAttributeError } from '@aift/selection-core';
import type { DicomFrame } from '@aift/selection-core';
import type { DicomDataset } from 'dcmjs';

export type FrameAttributes = Omit<DicomFrame, 'frameData'>;

const TAG = {
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  PlanarConfiguration: '00280006',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  BitsAllocated: '00280100',
  BitsStored: '00280101',
  HighBit: '00280102',
  PixelRepresentation: '00280103',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  VOILUTFunction: '00281056',
  FrameVOILUTSequence: '00289132',
  PixelValueTransformationSequence: '00289145',
  SharedFunctionalGroupsSequence: '52009229',
  PerFrameFunctionalGroupsSequence: '52009230',
} as const;

type Keyword = keyof typeof TAG;

/** NumberOfFrames (1 when absent, as for single-frame objects). */
export function numberOfFramesOf(dataset: DicomDataset): number {
  const frames = optionalNumber(dataset, 'NumberOfFrames') ?? 1;
  if (!Number.isInteger(frames) || frames < 1) {
    throw new DicomAttributeError('NumberOfFrames', `${frames} is not a positive integer`);
  }
  return frames;
}

/**
 * The attributes that say how to read frame `frameIndex`. Rescale and window come from the frame's
 * functional groups when the object has them (enhanced multi-frame: per-frame item first, then the shared
 * one), else from the top level of the data set.
 */
export function frameAttributes(dataset: DicomDataset, frameIndex: number): FrameAttributes {
  const rescale = functionalGroup(dataset, 'PixelValueTransformationSequence', frameIndex);
  const window = functionalGroup(dataset, 'FrameVOILUTSequence', frameIndex);
  return {
    Rows: requiredNumber(dataset, 'Rows'),
    Columns: requiredNumber(dataset, 'Columns'),
    SamplesPerPixel: requiredNumber(dataset, 'SamplesPerPixel'),
    PhotometricInterpretation: requiredText(dataset, 'PhotometricInterpretation'),
    BitsAllocated: requiredNumber(dataset, 'BitsAllocated'),
    BitsStored: requiredNumber(dataset, 'BitsStored'),
    HighBit: requiredNumber(dataset, 'HighBit'),
    PixelRepresentation: requiredNumber(dataset, 'PixelRepresentation'),
    PlanarConfiguration: optionalNumber(dataset, 'PlanarConfiguration'),
    RescaleSlope: optionalNumber(rescale, 'RescaleSlope'),
    RescaleIntercept: optionalNumber(rescale, 'RescaleIntercept'),
    WindowCenter: numbers(window, 'WindowCenter'),
    WindowWidth: numbers(window, 'WindowWidth'),
    VOILUTFunction: values(window, 'VOILUTFunction').map(textOf)[0],
  };
}

function functionalGroup(dataset: DicomDataset, sequence: Keyword, frameIndex: number): DicomDataset {
  const perFrame = items(dataset, 'PerFrameFunctionalGroupsSequence')[frameIndex];
  const shared = items(dataset, 'SharedFunctionalGroupsSequence')[0];
  return (perFrame && items(perFrame, sequence)[0]) ?? (shared && items(shared, sequence)[0]) ?? dataset;
}

function items(dataset: DicomDataset, sequence: Keyword): DicomDataset[] {
  return values(dataset, sequence) as DicomDataset[];
}

/** The element's values; an empty element (dcmjs reads a zero-length value as [null]) has none. */
function values(dataset: DicomDataset, keyword: Keyword): unknown[] {
  return (dataset[TAG[keyword]]?.Value ?? []).filter((v) => v !== null && v !== undefined);
}

/** All values as numbers; undefined when the element is absent or empty (dcmjs parses DS and IS). */
function numbers(dataset: DicomDataset, keyword: Keyword): number[] | undefined {
  const all = values(dataset, keyword);
  if (all.length === 0) return undefined;
  return all.map((v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DicomAttributeError(keyword, `value ${JSON.stringify(v)} is not a finite number`);
    }
    return v;
  });
}

function optionalNumber(dataset: DicomDataset, keyword: Keyword): number | undefined {
  return numbers(dataset, keyword)?.[0];
}

function requiredNumber(dataset: DicomDataset, keyword: Keyword): number {
  const value = optionalNumber(dataset, keyword);
  if (value === undefined) throw new DicomAttributeError(keyword, 'missing from the data set');
  return value;
}

function requiredText(dataset: DicomDataset, keyword: Keyword): string {
  const value = values(dataset, keyword).map(textOf)[0];
  if (value === undefined || value === '') {
    throw new DicomAttributeError(keyword, 'missing from the data set');
  }
  return value;
}

/** Code strings are space-padded to an even length in the file (PS3.5 6.2). */
function textOf(value: unknown): string {
  return String(value).trim();
}
