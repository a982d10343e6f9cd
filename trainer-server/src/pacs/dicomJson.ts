import { PacsResponseError } from './pacsErrors.js';

/** One data set of a DICOM JSON answer (PS3.18 F.2): tag "0020000D" -> { vr, Value }. */
export type DicomJsonDataset = Readonly<Record<string, { readonly Value?: readonly unknown[] } | undefined>>;

export const TAG = {
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  Modality: '00080060',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
} as const;

/** A QIDO-RS answer as data sets; a PacsResponseError when it is not a JSON array of objects. */
export function dicomJsonDatasets(body: unknown, url: string): DicomJsonDataset[] {
  // A 204 No Content reaches here as an empty array already; null is what a body that is not JSON gives.
  if (!Array.isArray(body) || !body.every((d) => typeof d === 'object' && d !== null && !Array.isArray(d))) {
    throw new PacsResponseError(url, 'a QIDO-RS answer must be a DICOM JSON array of data sets');
  }
  return body as DicomJsonDataset[];
}

/** The first value of `tag` as a trimmed string, or undefined when absent or empty. */
export function stringValue(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

/** The first value of `tag` as a number (IS may come as a string), or undefined when absent or not finite. */
export function numberValue(dataset: DicomJsonDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
