// The evaluation protocol's halves of a test split: by the pixels' sha256, identical images together, each
// image in the same half whatever the file and its order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetSplit } from '../../../trainer-server/src/datasets/labeledDataset.js';
import { protocolHalf, protocolHalves } from '../../../trainer-server/src/datasets/protocolHalves.js';

/** Image i is a 2 x 2 grey plane whose pixels encode `seeds[i]`; its label is `labels[i]`. */
function split(seeds: readonly number[], labels: readonly number[]): DatasetSplit {
  return {
    images: seeds.map((seed) => ({
      data: Float32Array.from([seed, seed / 2, seed / 3, seed / 5].map((v) => (v % 255) / 255)),
      width: 2,
      height: 2,
      channels: 1,
    })),
    labels: Int32Array.from(labels),
    ids: seeds.map((_, i) => `img-${i}`),
    groups: seeds.map(() => undefined),
  };
}

describe('protocolHalves', () => {
  const seeds = Array.from({ length: 400 }, (_, i) => 3 * i + 1);
  const labels = seeds.map((_, i) => (i < 150 ? 0 : 1)); // 150 and 250

  it('halves each class close to evenly, and the halves partition the split', () => {
    const halves = protocolHalves(split(seeds, labels));
    for (const [label, size] of [
      [0, 150],
      [1, 250],
    ] as const) {
      const tune = halves.filter((h, i) => labels[i] === label && h === 'tune').length;
      // A fair coin per image: within 3 standard deviations of half.
      assert.ok(
        Math.abs(tune - size / 2) <= 3 * Math.sqrt(size / 4),
        `class ${label}: ${tune} of ${size} in tune`,
      );
    }
    const tune = protocolHalf(split(seeds, labels), 'tune');
    const report = protocolHalf(split(seeds, labels), 'report');
    assert.equal(tune.labels.length + report.labels.length, seeds.length);
    assert.deepEqual(new Set([...tune.ids, ...report.ids]).size, seeds.length);
  });

  it('puts an image in the same half in a file that holds only some of the images', () => {
    const all = protocolHalves(split(seeds, labels));
    const some = seeds.map((_, i) => i).filter((i) => i % 3 !== 0);
    const subset = protocolHalves(
      split(
        some.map((i) => seeds[i]!),
        some.map((i) => labels[i]!),
      ),
    );
    some.forEach((i, j) => assert.equal(subset[j], all[i], `image ${i} changed half`));
  });

  it('puts each image in the same half whatever the order of the file', () => {
    const forward = protocolHalves(split(seeds, labels));
    const order = seeds.map((_, i) => (i * 17) % seeds.length);
    const shuffled = protocolHalves(
      split(
        order.map((i) => seeds[i]!),
        order.map((i) => labels[i]!),
      ),
    );
    order.forEach((i, j) => assert.equal(shuffled[j], forward[i], `image ${i} changed half`));
  });

  it('keeps identical images together, so none is in both halves', () => {
    const twice = [...seeds, seeds[3]!, seeds[200]!];
    const halves = protocolHalves(split(twice, [...labels, labels[3]!, labels[200]!]));
    assert.equal(halves[400], halves[3]);
    assert.equal(halves[401], halves[200]);
  });
});
