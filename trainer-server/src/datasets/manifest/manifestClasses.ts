import { DatasetFormatError } from '../datasetFormatError.js';
import { checkedClassNames } from '../labeledDataset.js';
import type { ManifestRow } from './readManifestRows.js';

export interface ManifestClasses {
  readonly classNames: readonly string[];
  /** Class index of each row. */
  readonly labels: Int32Array;
}

/**
 * Maps each row's label to a class index: its position in `classNames` when given (a label not in it is a
 * DatasetFormatError naming the line), else in the sorted distinct labels (numerically when all of them are
 * numbers, so "10" comes after "9").
 */
export function manifestClasses(
  file: string,
  rows: readonly ManifestRow[],
  classNames?: readonly string[],
): ManifestClasses {
  const names = classNames ? checkedClassNames(classNames) : sortedLabels(rows);
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const index = indexOf.get(row.label);
    if (index === undefined) {
      throw new DatasetFormatError(
        file,
        { line: row.line },
        `label "${row.label}" is not one of the class names given: ${names.join(', ')}`,
      );
    }
    labels[i] = index;
  });
  return { classNames: names, labels };
}

function sortedLabels(rows: readonly ManifestRow[]): string[] {
  const distinct = [...new Set(rows.map((row) => row.label))];
  const numeric = distinct.every((label) => Number.isFinite(Number(label)));
  // Code-unit order, not the locale's, so every machine gets the same class indices.
  return distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
