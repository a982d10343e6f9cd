// `npm run import -- dataset <file>`: a labeled data set of the simulation harness as Secondary Capture
// instances in the PACS, with the ground truth in a CSV beside them.
import { access, constants } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../start/startOptions.js';
import { datasetImages } from './datasetImages.js';
import { importedInstance } from './datasetInstances.js';
import type { TruthRow } from './datasetInstances.js';
import type { ImportDatasetOptions } from './importOptions.js';
import { ImportRun } from './importRun.js';
import type { OutgoingInstance } from './sendInstances.js';
import { StowClient } from './stowClient.js';
import { writeTruthCsv } from './truthCsv.js';

/** Prints each skipped row or refused image and a summary, writes the truth CSV; returns the exit code. */
export async function importDataset(options: ImportDatasetOptions): Promise<0 | 1> {
  const dataset = await datasetImages(options.file, options);
  const truthPath = resolve(options.truth ?? defaultTruthName(dataset.name, options.split));
  await checkWritable(truthPath, resolve(options.file));
  const stow = new StowClient({ url: options.pacs, ...(options.auth && { auth: options.auth }) });
  console.log(
    `import dataset: ${dataset.total} images of ${options.file}${options.split ? ` (split ${options.split})` : ''}, ` +
      `sending to ${stow.url}`,
  );

  const run = new ImportRun('import dataset', dataset.total, 'images');
  /** By SOPInstanceUID: small, unlike the instances, and read when the PACS has taken one. */
  const truthOf = new Map<string, TruthRow>();
  const truth: TruthRow[] = [];

  async function* instances(): AsyncGenerator<OutgoingInstance> {
    for await (const image of dataset.images((error) => run.skip(`skipped: ${error.message}`))) {
      let instance;
      try {
        instance = importedInstance(dataset.name, image, `${options.file}: image ${image.id}`);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        run.skip(`skipped: ${options.file}: ${error.message}`);
        continue;
      }
      truthOf.set(instance.outgoing.sopInstanceUid, instance.truth);
      yield instance.outgoing;
    }
  }

  try {
    await run.send(stow, instances(), options.batchSize, (instance) =>
      truth.push(truthOf.get(instance.sopInstanceUid)!),
    );
  } finally {
    // What the PACS took is in the truth even when the import stopped half-way.
    if (truth.length > 0) await writeTruthCsv(truthPath, truth);
  }
  console.log(run.summary());
  console.log(
    truth.length > 0 ? `ground truth: ${truthPath} (${truth.length} rows)` : 'ground truth: none written',
  );
  return run.exitCode();
}

/** `<name>.truth.csv`, or `<name>.<split>.truth.csv` when one split is imported. */
function defaultTruthName(name: string, split: string | undefined): string {
  return `${name}${split === undefined ? '' : `.${split}`}.truth.csv`;
}

/** Fails before anything is sent when the truth could not be written, or would overwrite the data set. */
async function checkWritable(truthPath: string, datasetPath: string): Promise<void> {
  if (truthPath === datasetPath) throw new UsageError(`--truth ${truthPath} is the data set itself`);
  try {
    await access(dirname(truthPath), constants.W_OK);
  } catch {
    throw new UsageError(`--truth ${truthPath}: its folder does not exist or cannot be written`);
  }
}
