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

/** RFC 4180 CSV with a header line; free text that a spreadsheet would run as a formula is prefixed with '. */
export function labelsCsv(rows: readonly LabelExportRowDto[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((column) => cell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
