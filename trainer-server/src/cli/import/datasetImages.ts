// The images of a labeled data set, read by the simulation harness's own readers, one at a time so that a
// bad manifest row is skipped instead of stopping the import.
import { basename, dirname, extname } from 'node:path';
import type { ImagePlane } from '@aift/selection-core';
import { DatasetFormatError, readDatasetFile } from '../../datasets/datasetFormatError.js';
import { SPLIT_NAMES } from '../../datasets/labeledDataset.js';
import type { SplitName } from '../../datasets/labeledDataset.js';
import { assignSplits } from '../../datasets/manifest/assignSplits.js';
import { manifestClasses } from '../../datasets/manifest/manifestClasses.js';
import { readManifestRows } from '../../datasets/manifest/readManifestRows.js';
import { decodeRow } from '../../datasets/manifest/loadCsvManifest.js';
import type { CsvManifestOptions } from '../../datasets/manifest/loadCsvManifest.js';
import { loadNpzDataset } from '../../datasets/npz/loadNpzDataset.js';
import type { NpzDatasetOptions } from '../../datasets/npz/loadNpzDataset.js';

/** One labeled image, with what the instances and the ground truth need to know of it. */
export interface DatasetImage {
  /** Unique in the data set and stable across loads: `npz:train:17`, or a manifest row's path. */
  readonly id: string;
  readonly split: SplitName;
  readonly label: string;
  readonly group: string | undefined;
  /** 1-based place of the image among its group's (1 without a group), counted over the whole file. */
  readonly instanceNumber: number;
  readonly plane: ImagePlane;
}

export interface DatasetSelection {
  readonly split: SplitName | undefined;
  readonly limit: number | undefined;
  readonly classes: readonly string[] | undefined;
}

export interface DatasetImages {
  /** The file's name without its extension: names the import in the PACS. */
  readonly name: string;
  /** How many images `images` will yield or skip. */
  readonly total: number;
  /** Yields the readable images; calls `onSkip` with a DatasetFormatError (file, line) for the others. */
  images(onSkip: (error: DatasetFormatError) => void): AsyncGenerator<DatasetImage>;
}

/**
 * The selected images of an .npz archive or a CSV manifest, train then val then test, each in file order.
 * Everything wrong with the file as a whole (not a data set, malformed CSV, a label not in `classes`)
 * throws a DatasetFormatError naming the file and the key or line; a manifest row whose image cannot be
 * read is passed to `onSkip` instead.
 */
export async function datasetImages(file: string, selection: DatasetSelection): Promise<DatasetImages> {
  const splits = selection.split === undefined ? SPLIT_NAMES : [selection.split];
  const classes = selection.classes === undefined ? {} : { classNames: selection.classes };
  const entries = /\.npz$/i.test(file)
    ? await npzEntries(file, classes)
    : await manifestEntries(file, classes);
  const chosen = splits
    .flatMap((split) => entries.filter((entry) => entry.image.split === split))
    .slice(0, selection.limit);
  return {
    name: basename(file, extname(file)),
    total: chosen.length,
    async *images(onSkip) {
      for (const { image, read } of chosen) {
        let plane: ImagePlane;
        try {
          plane = await read();
        } catch (error) {
          if (!(error instanceof DatasetFormatError)) throw error;
          onSkip(error);
          continue;
        }
        yield { ...image, plane };
      }
    },
  };
}

/** An image known by its row or index, its pixels read when asked (a rejection is a DatasetFormatError). */
interface Entry {
  readonly image: Omit<DatasetImage, 'plane'>;
  readonly read: () => Promise<ImagePlane>;
}

async function npzEntries(file: string, classes: NpzDatasetOptions): Promise<Entry[]> {
  const dataset = await loadNpzDataset(file, classes);
  return SPLIT_NAMES.flatMap((split) => {
    const { images, labels, ids } = dataset.splits[split];
    return images.map((plane, i) => ({
      image: {
        id: ids[i]!,
        split,
        label: dataset.classNames[labels[i]!]!,
        group: undefined,
        instanceNumber: 1,
      },
      read: () => Promise.resolve(plane),
    }));
  });
}

async function manifestEntries(file: string, classes: CsvManifestOptions): Promise<Entry[]> {
  const rows = readManifestRows(file, (await readDatasetFile(file)).toString('utf8'));
  const { classNames, labels } = manifestClasses(file, rows, classes.classNames);
  const splitOf = assignSplits(file, rows);
  const folder = dirname(file);
  const groupSize = new Map<string, number>();
  return rows.map((row, i) => {
    const instanceNumber = row.group === undefined ? 1 : (groupSize.get(row.group) ?? 0) + 1;
    if (row.group !== undefined) groupSize.set(row.group, instanceNumber);
    return {
      image: {
        id: row.path,
        split: splitOf[i]!,
        label: classNames[labels[i]!]!,
        group: row.group,
        instanceNumber,
      },
      // loadCsvManifest stops at the first bad row; an import reports it and goes on with the next.
      read: () => decodeRow(file, folder, row),
    };
  });
}
