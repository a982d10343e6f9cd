import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DatasetFormatError } from '../../../../trainer-server/src/datasets/datasetFormatError.js';
import type { SplitName } from '../../../../trainer-server/src/datasets/labeledDataset.js';
import { assignSplits } from '../../../../trainer-server/src/datasets/manifest/assignSplits.js';
import type { ManifestRow } from '../../../../trainer-server/src/datasets/manifest/readManifestRows.js';

const FILE = '/data/manifest.csv';

function row(index: number, group?: string, split?: SplitName): ManifestRow {
  return { line: index + 2, path: `img${index}.png`, label: 'x', split, group };
}

function counts(splits: readonly SplitName[]): Record<SplitName, number> {
  const n = { train: 0, val: 0, test: 0 };
  for (const split of splits) n[split]++;
  return n;
}

/** Rows of random groups (undefined: no group), a group's named split given on some of its rows. */
const groupedRows = fc
  .array(
    fc.record({
      group: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      named: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((cells) =>
    cells.map(({ group, named }, i) => {
      const pinned: SplitName | undefined = group === 5 ? 'val' : group === 6 ? 'test' : undefined;
      return row(i, group === undefined ? undefined : `g${group}`, named ? pinned : undefined);
    }),
  );

describe('assignSplits', () => {
  it('gives single images the fractions exactly when they divide evenly', () => {
    const rows = Array.from({ length: 100 }, (_, i) => row(i));
    assert.deepEqual(counts(assignSplits(FILE, rows)), { train: 70, val: 10, test: 20 });
    assert.deepEqual(counts(assignSplits(FILE, rows, { train: 0.5, val: 0.5, test: 0 }, 3)), {
      train: 50,
      val: 50,
      test: 0,
    });
  });

  it('keeps every group in one split, honours named splits, and is the same for a seed whatever the row order', () => {
    fc.assert(
      fc.property(groupedRows, fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const splits = assignSplits(FILE, rows, undefined, seed);
        const splitOfGroup = new Map<string, SplitName>();
        rows.forEach(({ group }, i) => {
          if (group === undefined) return;
          assert.equal(splitOfGroup.get(group) ?? splits[i], splits[i]);
          splitOfGroup.set(group, splits[i]!);
        });
        rows.forEach(({ split }, i) => split === undefined || assert.equal(splits[i], split));
        assert.deepEqual(assignSplits(FILE, rows, undefined, seed), splits);
        const reversed = assignSplits(FILE, [...rows].reverse(), undefined, seed).reverse();
        assert.deepEqual(reversed, splits);
      }),
    );
  });

  it('comes close to the fractions by images when groups differ in size', () => {
    // 60 groups of 1 to 6 images: 210 images.
    const rows = Array.from({ length: 60 }, (_, g) => g).flatMap((g) =>
      Array.from({ length: (g % 6) + 1 }, () => g),
    );
    const n = counts(
      assignSplits(
        FILE,
        rows.map((g, i) => row(i, `g${g}`)),
        undefined,
        11,
      ),
    );
    assert.equal(n.train + n.val + n.test, 210);
    assert.ok(Math.abs(n.train - 147) <= 6, JSON.stringify(n));
    assert.ok(Math.abs(n.val - 21) <= 6, JSON.stringify(n));
    assert.ok(Math.abs(n.test - 42) <= 6, JSON.stringify(n));
  });

  it('names the line where a group is put in a second split', () => {
    const rows = [row(0, 'p1', 'train'), row(1, 'p2', 'test'), row(2, 'p1'), row(3, 'p1', 'val')];
    assert.throws(
      () => assignSplits(FILE, rows),
      (error: unknown) =>
        error instanceof DatasetFormatError &&
        error.line === 5 &&
        error.message ===
          `${FILE}, line 5: group "p1" is in split "val" here but in "train" on line 2: ` +
            'a group must stay in one split',
    );
  });
});
