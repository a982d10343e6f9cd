// Draws the chest X-ray demo data of `npm start` (demo/chest-xray/) from PneumoniaMNIST subset A's train
// split, as demo/chest-xray/ATTRIBUTION.md describes: a seeded, balanced draw of distinct images, written as
// 8-bit PNGs with a CSV manifest (path,label,split,group,source) that `npm run import -- dataset` reads.
//   node scripts/draw-demo-cxr.mjs <pneumoniamnist_subset-A_kaggle-rijulshr.npz>   (after npx tsc -b)
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng } from '@aift/selection-core';
import { loadNpzDataset } from '../trainer-server/dist/datasets/npz/loadNpzDataset.js';

const OUT = join(import.meta.dirname, '..', 'demo', 'chest-xray');
const CLASSES = ['normal', 'pneumonia'];
const PER_CLASS = 150;
/** Of each class's draw, this many (the last ones) form the demo's one stack, a series of several images. */
const STACK_PER_CLASS = 3;
const SEED = 20_261_208;

const [source] = process.argv.slice(2);
if (!source)
  throw new Error('usage: node scripts/draw-demo-cxr.mjs <pneumoniamnist_subset-A_kaggle-rijulshr.npz>');
const { train, val, test } = (await loadNpzDataset(source, { classNames: CLASSES })).splits;
const bytesOf = (plane) => Uint8Array.from(plane.data, (v) => Math.round(v * 255));
const hashOf = (plane) => createHash('sha256').update(bytesOf(plane)).digest('hex');

// Left out, every copy: images whose pixels occur more than once in the train split, or also in val or test.
const hashes = train.images.map(hashOf);
const copies = new Map();
for (const hash of hashes) copies.set(hash, (copies.get(hash) ?? 0) + 1);
const evaluated = new Set([...val.images, ...test.images].map(hashOf));
const usable = (i) => copies.get(hashes[i]) === 1 && !evaluated.has(hashes[i]);

const rng = createRng(SEED);
/** Fisher-Yates with the seeded generator. */
const shuffled = (items) => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};
const drawn = CLASSES.map((_, k) =>
  shuffled([...train.labels].flatMap((label, i) => (label === k && usable(i) ? [i] : []))).slice(
    0,
    PER_CLASS,
  ),
);
const singles = shuffled(drawn.flatMap((indices) => indices.slice(0, PER_CLASS - STACK_PER_CLASS)));
const stack = Array.from({ length: STACK_PER_CLASS }, (_, i) =>
  drawn.map((indices) => indices[PER_CLASS - 1 - i]),
).flat();

rmSync(join(OUT, 'images'), { recursive: true, force: true });
mkdirSync(join(OUT, 'images'), { recursive: true });
const rows = [];
const write = async (index, name, group) => {
  const plane = train.images[index];
  const path = `images/${name}.png`;
  await sharp(Buffer.from(bytesOf(plane)), { raw: { width: plane.width, height: plane.height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 9 })
    .toFile(join(OUT, path));
  rows.push([path, CLASSES[train.labels[index]], 'train', group, `train_images[${index}]`].join(','));
};
for (const [n, index] of singles.entries()) {
  const number = String(n + 1).padStart(4, '0');
  await write(index, `cxr-${number}`, `DEMO-CXR-${number}`);
}
for (const [n, index] of stack.entries()) await write(index, `stack-${n + 1}`, 'DEMO-CXR-STACK');
writeFileSync(
  join(OUT, 'pneumoniamnist-demo.csv'),
  ['path,label,split,group,source', ...rows, ''].join('\n'),
);
console.log(`wrote ${rows.length} images (${singles.length} single, ${stack.length} in the stack) to ${OUT}`);
