import { createRng } from '@aift/selection-core';
import { DatasetFormatError } from '../datasetFormatError.js';
import type { SplitName } from '../labeledDataset.js';
import type { ManifestRow } from './readManifestRows.js';

/** Shares of the images that go to each split; they add up to 1. */
export interface SplitFractions {
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = { train: 0.7, val: 0.1, test: 0.2 };
export const DEFAULT_SPLIT_SEED = 0;
const FRACTION_SUM_TOLERANCE = 1e-9;

/**
 * The split of every row. A group (rows with the same `group`; a row without one is a group of its own)
 * goes whole into one split: the split some of its rows name, else one drawn for it. The groups left are
 * put in code-unit order of their names, shuffled with `seed` and laid end to end by image count, and each
 * goes to the split its middle image falls in, so the splits get close to `fractions` of those groups'
 * images, and the same rows and seed give the same assignment whatever the rows' order. Throws a
 * DatasetFormatError naming the line where a group's rows name two different splits.
 */
export function assignSplits(
  file: string,
  rows: readonly ManifestRow[],
  fractions: SplitFractions = DEFAULT_SPLIT_FRACTIONS,
  seed: number = DEFAULT_SPLIT_SEED,
): SplitName[] {
  assertFractions(fractions);
  const rng = createRng(seed);
  const unitOf = (row: ManifestRow) => (row.group === undefined ? `path:${row.path}` : `group:${row.group}`);

  const named = new Map<string, { split: SplitName; line: number }>();
  for (const row of rows) {
    if (row.split === undefined) continue;
    const earlier = named.get(unitOf(row));
    if (earlier !== undefined && earlier.split !== row.split) {
      throw new DatasetFormatError(
        file,
        { line: row.line },
        `group "${row.group}" is in split "${row.split}" here but in "${earlier.split}" on line ` +
          `${earlier.line}: a group must stay in one split`,
      );
    }
    named.set(unitOf(row), { split: row.split, line: row.line });
  }

  const sizes = new Map<string, number>();
  for (const row of rows) {
    const unit = unitOf(row);
    if (!named.has(unit)) sizes.set(unit, (sizes.get(unit) ?? 0) + 1);
  }
  const units = [...sizes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [units[i], units[j]] = [units[j]!, units[i]!];
  }
  const total = [...sizes.values()].reduce((n, size) => n + size, 0);
  const drawn = new Map<string, SplitName>();
  let before = 0;
  for (const unit of units) {
    const size = sizes.get(unit)!;
    const middle = (before + size / 2) / total;
    before += size;
    drawn.set(
      unit,
      middle < fractions.train ? 'train' : middle < fractions.train + fractions.val ? 'val' : 'test',
    );
  }

  return rows.map((row) => named.get(unitOf(row))?.split ?? drawn.get(unitOf(row))!);
}

function assertFractions(fractions: SplitFractions): void {
  const { train, val, test } = fractions;
  for (const [name, value] of Object.entries({ train, val, test })) {
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new RangeError(`split fraction ${name} must be in [0, 1], got ${value}`);
    }
  }
  if (Math.abs(train + val + test - 1) > FRACTION_SUM_TOLERANCE) {
    throw new RangeError(`split fractions must add up to 1, got ${train} + ${val} + ${test}`);
  }
}
