import { stringify } from 'csv-stringify/sync';
import type { LabelExportRowDto } from './schemas/index.js';

const COLUMNS = [
  'labelId',
  'candidateId',
  'studyInstanceUid',
  'seriesInstanceUid',
  'sopInstanceUid',
  'frame',
  'modality',
  'annotator',
  'value',
  'note',
  'createdAt',
  'retractedAt',
  'retractedBy',
] as const satisfies readonly (keyof LabelExportRowDto)[];

/**
 * RFC 4180 CSV (CRLF, a header line); free text that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR first, or their full-width forms) is prefixed with '.
 */
export function labelsCsv(rows: readonly LabelExportRowDto[]): string {
  return stringify([...rows], {
    header: true,
    columns: [...COLUMNS],
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
