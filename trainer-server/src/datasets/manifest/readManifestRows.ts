import { parse } from 'csv-parse/sync';
import { DatasetFormatError } from '../datasetFormatError.js';
import { isSplitName, SPLIT_NAMES } from '../labeledDataset.js';
import type { SplitName } from '../labeledDataset.js';

/** One image of a CSV manifest, as written in it (values trimmed; empty optional cells are undefined). */
export interface ManifestRow {
  /** Line of the CSV file the row ends on (1 is the header). */
  readonly line: number;
  /** Relative to the CSV file's folder, or absolute; also the image's id. */
  readonly path: string;
  readonly label: string;
  readonly split: SplitName | undefined;
  readonly group: string | undefined;
}

const REQUIRED_COLUMNS = ['path', 'label'] as const;
const OPTIONAL_COLUMNS = ['split', 'group'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * The rows of a manifest with a header naming `path` and `label`, optionally `split` and `group` (any
 * order, any case; other columns are ignored). A split is train, val or test in any case, or empty.
 * Throws a DatasetFormatError naming the file and the line for malformed CSV, a missing column, an empty
 * path or label, an unknown split value or a path listed twice.
 */
export function readManifestRows(file: string, text: string): ManifestRow[] {
  const [header, ...records] = parseRecords(file, text);
  if (header === undefined) throw new DatasetFormatError(file, undefined, 'is empty: no header line');
  const column = columnIndices(file, header);
  if (records.length === 0) throw new DatasetFormatError(file, undefined, 'lists no images: only a header');

  const lineOfPath = new Map<string, number>();
  return records.map(({ record, info: { lines: line } }) => {
    const cell = (name: Column) => {
      const index = column.get(name);
      return index === undefined ? '' : (record[index] ?? '');
    };
    const path = cell('path');
    if (path === '') throw new DatasetFormatError(file, { line }, 'path is empty');
    const earlier = lineOfPath.get(path);
    if (earlier !== undefined) {
      throw new DatasetFormatError(file, { line }, `path "${path}" is already listed on line ${earlier}`);
    }
    lineOfPath.set(path, line);
    const label = cell('label');
    if (label === '') throw new DatasetFormatError(file, { line }, `label is empty for "${path}"`);
    const split = cell('split').toLowerCase();
    if (split !== '' && !isSplitName(split)) {
      throw new DatasetFormatError(
        file,
        { line },
        `split "${cell('split')}" is not one of ${SPLIT_NAMES.join(', ')} (or empty, to assign it)`,
      );
    }
    return {
      line,
      path,
      label,
      split: split === '' ? undefined : split,
      group: cell('group') === '' ? undefined : cell('group'),
    };
  });
}

function parseRecords(file: string, text: string): ParsedRecord[] {
  try {
    return parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as ParsedRecord[];
  } catch (cause) {
    const line = (cause as { lines?: unknown }).lines;
    const place = typeof line === 'number' ? { line } : undefined;
    throw new DatasetFormatError(file, place, `is not valid CSV: ${(cause as Error).message}`, { cause });
  }
}

function columnIndices(file: string, header: ParsedRecord): Map<Column, number> {
  const line = header.info.lines;
  const names = header.record.map((name) => name.toLowerCase());
  const indices = new Map<Column, number>();
  for (const name of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const index = names.indexOf(name);
    if (index < 0 && (REQUIRED_COLUMNS as readonly string[]).includes(name)) {
      throw new DatasetFormatError(
        file,
        { line },
        `missing column "${name}" (the header has: ${header.record.join(', ')})`,
      );
    }
    if (index >= 0 && names.indexOf(name, index + 1) >= 0) {
      throw new DatasetFormatError(file, { line }, `column "${name}" appears twice in the header`);
    }
    if (index >= 0) indices.set(name, index);
  }
  return indices;
}
