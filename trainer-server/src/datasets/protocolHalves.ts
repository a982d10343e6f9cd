import { createHash } from 'node:crypto';
import type { DatasetSplit } from './labeledDataset.js';

/** The halves of an evaluation split under the project's protocol: tune on one, report on the other. */
export type ProtocolHalf = 'tune' | 'report';

/** The sha256 of an image's pixel values as loaded (float32, row-major): the same file gives the same key. */
export function imageKey(split: DatasetSplit, index: number): string {
  const { data } = split.images[index]!;
  return createHash('sha256')
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest('hex');
}

/**
 * Which half each image of `split` falls in: by the parity of the first 32 bits of the sha256 of its pixels.
 * An image is in the same half in every file that holds it (PneumoniaMNIST's subset B shares all its test
 * images with subset A), identical images go together, and each class is halved independently by the hash,
 * so the halves keep the class proportions up to the hash's chance (a few images). Depends on the pixels
 * alone: stable across loads, machines and file order, and blind to any model and label.
 */
export function protocolHalves(split: DatasetSplit): ProtocolHalf[] {
  return split.images.map((_, i) =>
    Number.parseInt(imageKey(split, i).slice(0, 8), 16) % 2 === 0 ? 'tune' : 'report',
  );
}

/** The images of `split` in one half, in their original order. */
export function protocolHalf(split: DatasetSplit, half: ProtocolHalf): DatasetSplit {
  const halves = protocolHalves(split);
  const keep = Array.from(split.labels.keys()).filter((i) => halves[i] === half);
  return {
    images: keep.map((i) => split.images[i]!),
    labels: Int32Array.from(keep, (i) => split.labels[i]!),
    ids: keep.map((i) => split.ids[i]!),
    groups: keep.map((i) => split.groups[i]),
  };
}
