// Writes the evaluation protocol's halves of a data set's test split (which test images are for tuning and
// which for reporting) as JSON, so that the split is committed and checkable:
//   node scripts/protocol-split.mjs <file.npz> > results/.../<name>.json
// Needs the built trainer-server (bash scripts/setup.sh, or npx tsc -b).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadNpzDataset } from '../trainer-server/dist/datasets/npz/loadNpzDataset.js';
import { imageKey, protocolHalves } from '../trainer-server/dist/datasets/protocolHalves.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/protocol-split.mjs <file.npz>');
  process.exit(2);
}
const dataset = await loadNpzDataset(file);
const { test } = dataset.splits;
const halves = protocolHalves(test);
const count = (half, label) =>
  halves.filter((h, i) => h === half && (label === undefined || test.labels[i] === label)).length;
const classes = dataset.classNames.map((name, label) => ({
  name,
  tune: count('tune', label),
  report: count('report', label),
}));
const listing = {
  file: basename(file),
  sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
  rule:
    'test split; an image is in tune when the first 32 bits of the sha256 of its float32 pixels (value / 255, ' +
    'row-major) are even, else in report (trainer-server/src/datasets/protocolHalves.ts)',
  test: { images: halves.length, tune: count('tune'), report: count('report'), classes },
  // Index i is test image i of the file (test_images[i]); its pixel hash lets anyone check the assignment.
  halves: halves.map((half, i) => ({ index: i, label: test.labels[i], half, sha256: imageKey(test, i) })),
};
console.log(JSON.stringify(listing, null, 1));
