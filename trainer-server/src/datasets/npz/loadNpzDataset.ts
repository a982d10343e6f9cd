import type { ImagePlane } from '@aift/selection-core';
import { DatasetFormatError } from '../datasetFormatError.js';
import { checkedClassNames, SPLIT_NAMES } from '../labeledDataset.js';
import type { DatasetSplit, LabeledDataset, SplitName } from '../labeledDataset.js';
import { npzImages } from './npzImages.js';
import { npzLabels } from './npzLabels.js';
import { readNpzArrays } from './readNpzArrays.js';

export interface NpzDatasetOptions {
  /** Names of classes 0, 1, ...; every label must be below their count. Default: `class 0`, `class 1`, ... */
  readonly classNames?: readonly string[];
}

interface LoadedSplit {
  readonly images: ImagePlane[];
  readonly labels: Int32Array;
  readonly channels: 1 | 3;
}

/**
 * Loads a MedMNIST-style .npz archive: `{train,val,test}_images` (N x H x W or N x H x W x 3, uint8) and
 * `{train,val,test}_labels` (N or N x 1 integers >= 0). Ids are `npz:<split>:<index>`; there are no groups.
 * Throws a DatasetFormatError naming the file and the key for anything the archive gets wrong.
 */
export async function loadNpzDataset(file: string, options: NpzDatasetOptions = {}): Promise<LabeledDataset> {
  const givenNames = options.classNames && checkedClassNames(options.classNames);
  const keys = SPLIT_NAMES.flatMap((split) => [`${split}_images`, `${split}_labels`]);
  const arrays = await readNpzArrays(file, keys);
  const array = (key: string) => arrays.get(key)!;

  const loaded = {} as Record<SplitName, LoadedSplit>;
  for (const split of SPLIT_NAMES) {
    const imagesKey = `${split}_images`;
    const { images, channels } = npzImages(file, array(imagesKey));
    const labels = npzLabels(file, array(`${split}_labels`), imagesKey, images.length);
    const first = loaded.train;
    if (first !== undefined && channels !== first.channels) {
      throw new DatasetFormatError(
        file,
        { key: imagesKey },
        `has ${channels} channel(s) but "train_images" has ${first.channels}: all splits must agree`,
      );
    }
    loaded[split] = { images, labels, channels };
  }

  if (SPLIT_NAMES.every((split) => loaded[split].images.length === 0)) {
    throw new DatasetFormatError(file, undefined, 'holds no images in any split');
  }
  const classNames = givenNames ?? defaultClassNames(loaded);
  for (const split of SPLIT_NAMES) {
    const index = loaded[split].labels.findIndex((label) => label >= classNames.length);
    if (index >= 0) {
      throw new DatasetFormatError(
        file,
        { key: `${split}_labels` },
        `label ${loaded[split].labels[index]} at index ${index} has no class: ${classNames.length} class names were given`,
      );
    }
  }

  const splits = {} as Record<SplitName, DatasetSplit>;
  for (const split of SPLIT_NAMES) {
    const { images, labels } = loaded[split];
    splits[split] = {
      images,
      labels,
      ids: images.map((_, i) => `npz:${split}:${i}`),
      groups: images.map(() => undefined),
    };
  }
  return { classNames, channels: loaded.train.channels, splits };
}

/** `class 0` ... `class <largest label>`. */
function defaultClassNames(loaded: Record<SplitName, LoadedSplit>): string[] {
  let largest = 0;
  for (const split of SPLIT_NAMES) {
    for (const label of loaded[split].labels) largest = Math.max(largest, label);
  }
  return Array.from({ length: largest + 1 }, (_, i) => `class ${i}`);
}
