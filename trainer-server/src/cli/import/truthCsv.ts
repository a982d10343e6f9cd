// The ground truth of a dataset import as CSV, written whole or not at all (temp file, then rename).
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { TruthRow } from './datasetInstances.js';

export const TRUTH_COLUMNS = [
  'studyInstanceUid',
  'seriesInstanceUid',
  'sopInstanceUid',
  'frameIndex',
  'candidateId',
  'label',
  'split',
  'group',
  'source',
] as const;

/** One header line, then one line per row; `candidateId` is the trainer's `<sopInstanceUid>/<frameIndex>`. */
export function truthCsv(rows: readonly TruthRow[]): string {
  return stringify(
    rows.map((row) => [
      row.studyInstanceUid,
      row.seriesInstanceUid,
      row.sopInstanceUid,
      row.frameIndex,
      `${row.sopInstanceUid}/${row.frameIndex}`,
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
