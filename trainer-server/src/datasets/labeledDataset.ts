import type { ImagePlane } from '@aift/selection-core';

export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** One split's images and what is known of each; the arrays are parallel (index i is one image). */
export interface DatasetSplit {
  /** Values in [0, 1]; every image of a dataset has the dataset's channel count, sizes may differ. */
  readonly images: readonly ImagePlane[];
  /** Class index of each image, in [0, classNames.length). */
  readonly labels: Int32Array;
  /** Stable across loads of the same file, unique within the dataset (`npz:train:17`, a CSV row's path). */
  readonly ids: readonly string[];
  /**
   * The group (patient, study) of each image, undefined where there is none. Images of one group are in one
   * split; a harness that needs a key per patient can use `groups[i] ?? ids[i]`.
   */
  readonly groups: readonly (string | undefined)[];
}

/** A labeled data set split into train, val and test, as the simulation harness replays it. */
export interface LabeledDataset {
  /** Class i is named classNames[i]; their count is the number of classes. */
  readonly classNames: readonly string[];
  /** 1 for grey, 3 for colour (RGB). */
  readonly channels: 1 | 3;
  readonly splits: Readonly<Record<SplitName, DatasetSplit>>;
}

export function isSplitName(value: string): value is SplitName {
  return (SPLIT_NAMES as readonly string[]).includes(value);
}

/** The caller's class names, checked: non-empty and distinct (a label maps to exactly one index). */
export function checkedClassNames(classNames: readonly string[]): readonly string[] {
  if (classNames.length === 0) throw new RangeError('classNames is empty: give at least one class name');
  const seen = new Set<string>();
  for (const name of classNames) {
    if (name === '') throw new RangeError('classNames holds an empty name');
    if (seen.has(name)) throw new RangeError(`classNames holds "${name}" twice`);
    seen.add(name);
  }
  return [...classNames];
}
