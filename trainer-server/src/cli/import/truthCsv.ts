// The ground truth of a dataset import as CSV, written whole or not at all (temp file, then rename).
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { TruthRow } from './datasetInstances.js';

export const TRUTH_COLUMNS = [
  'studyInstanceUid',
  'seriesInstanceUid',
  'sopInstanceUid',
  'frame',
  'pacsFrameId',
  'label',
  'split',
  'group',
  'source',
] as const;

/**
 * One header line, then one line per row. `pacsFrameId` is `<sopInstanceUid>/<frame>`, the PACS adapter's
 * name of the frame (pacs/ports.ts `Candidate.id`); it is not the store's `candidateId` (store/candidateId.ts,
 * a hash of the UIDs and frame), which the API and the labels export use.
 */
export function truthCsv(rows: readonly TruthRow[]): string {
  return stringify(
    rows.map((row) => [
      row.studyInstanceUid,
      row.seriesInstanceUid,
      row.sopInstanceUid,
      row.frame,
      `${row.sopInstanceUid}/${row.frame}`,
      row.label,
      row.split,
      row.group ?? '',
      row.source,
    ]),
    { header: true, columns: [...TRUTH_COLUMNS] },
  );
}

/** Writes beside `path` first and renames, so a reader never sees half a file. */
export async function writeTruthCsv(path: string, rows: readonly TruthRow[]): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, truthCsv(rows));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
