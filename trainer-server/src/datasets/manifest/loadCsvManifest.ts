import { dirname, resolve } from 'node:path';
import type { ImagePlane } from '@aift/selection-core';
import { DatasetFormatError, readDatasetFile } from '../datasetFormatError.js';
import { SPLIT_NAMES } from '../labeledDataset.js';
import type { DatasetSplit, LabeledDataset, SplitName } from '../labeledDataset.js';
import { assignSplits } from './assignSplits.js';
import type { SplitFractions } from './assignSplits.js';
import { decodeImageFile } from './decodeImageFile.js';
import { manifestClasses } from './manifestClasses.js';
import { readManifestRows } from './readManifestRows.js';
import type { ManifestRow } from './readManifestRows.js';

export interface CsvManifestOptions {
  /** Class names in index order; every label must be one of them. Default: the sorted distinct labels. */
  readonly classNames?: readonly string[];
  /** For rows without a split (default 0.7 / 0.1 / 0.2). */
  readonly fractions?: SplitFractions;
  /** Seed of the split assignment of rows without a split (default 0). */
  readonly seed?: number;
}

/**
 * Loads the images a CSV manifest lists (columns `path`, `label`, optional `split` and `group`; see
 * readManifestRows, manifestClasses and assignSplits). Ids are the paths as written in the CSV. Everything
 * the CSV itself gets wrong is reported before any image is read; then the images are read in row order,
 * and a missing or unreadable file, or one whose channel count differs from the first image's, is a
 * DatasetFormatError naming the CSV file and the row's line.
 */
export async function loadCsvManifest(
  file: string,
  options: CsvManifestOptions = {},
): Promise<LabeledDataset> {
  const rows = readManifestRows(file, (await readDatasetFile(file)).toString('utf8'));
  const { classNames, labels } = manifestClasses(file, rows, options.classNames);
  const splitOf = assignSplits(file, rows, options.fractions, options.seed);

  const folder = dirname(file);
  const images: ImagePlane[] = [];
  for (const row of rows) {
    const image = await decodeRow(file, folder, row);
    const first = images[0];
    if (first !== undefined && image.channels !== first.channels) {
      throw new DatasetFormatError(
        file,
        { line: row.line },
        `"${row.path}" has ${image.channels} channel(s) but "${rows[0]!.path}" (line ${rows[0]!.line}) has ` +
          `${first.channels}: all images of a data set must have the same channel count`,
      );
    }
    images.push(image);
  }

  const splits = {} as Record<SplitName, DatasetSplit>;
  for (const split of SPLIT_NAMES) {
    const members = rows.flatMap((_, i) => (splitOf[i] === split ? [i] : []));
    splits[split] = {
      images: members.map((i) => images[i]!),
      labels: Int32Array.from(members, (i) => labels[i]!),
      ids: members.map((i) => rows[i]!.path),
      groups: members.map((i) => rows[i]!.group),
    };
  }
  // Both decoders give 1 (grey) or 3 (colour) channels; DICOM's SamplesPerPixel is checked by the core.
  return { classNames, channels: images[0]!.channels as 1 | 3, splits };
}

/** The image of a manifest row; a DatasetFormatError naming the file and line when it is missing or bad. */
export async function decodeRow(file: string, folder: string, row: ManifestRow): Promise<ImagePlane> {
  const path = resolve(folder, row.path);
  try {
    return await decodeImageFile(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    const detail = missing ? 'does not exist' : `cannot be decoded: ${(cause as Error).message}`;
    throw new DatasetFormatError(file, { line: row.line }, `image "${row.path}" (${path}) ${detail}`, {
      cause,
    });
  }
}
