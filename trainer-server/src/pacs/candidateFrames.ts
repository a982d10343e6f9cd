import type { DicomJsonDataset } from './dicomJson.js';
import { numberValue, stringValue, TAG } from './dicomJson.js';
import type { Candidate } from './ports.js';

/** One candidate per frame; an instance without Rows or Columns (SR, KO, PR, SEG ...) is not an image. */
export function candidateFrames(
  instance: DicomJsonDataset,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  modality: string,
): Candidate[] {
  const sopInstanceUid = stringValue(instance, TAG.SOPInstanceUID);
  const rows = numberValue(instance, TAG.Rows);
  const columns = numberValue(instance, TAG.Columns);
  if (sopInstanceUid === undefined || rows === undefined || columns === undefined) return [];
  const numberOfFrames = Math.max(1, Math.trunc(numberValue(instance, TAG.NumberOfFrames) ?? 1));
  return Array.from({ length: numberOfFrames }, (_, i) => ({
    id: `${sopInstanceUid}/${i + 1}`,
    studyInstanceUid,
    seriesInstanceUid,
    sopInstanceUid,
    frame: i + 1,
    modality,
    numberOfFrames,
    rows,
    columns,
  }));
}
