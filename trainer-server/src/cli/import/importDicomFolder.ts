// `npm run import -- dicom <folder>`: every DICOM Part-10 file under a folder, to the PACS by STOW-RS.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportDicomOptions } from './importOptions.js';
import { ImportRun } from './importRun.js';
import { checkPart10, NotAnInstanceError } from './part10File.js';
import type { OutgoingInstance } from './sendInstances.js';
import { StowClient } from './stowClient.js';
import { UsageError } from '../start/startOptions.js';

/** Prints each skipped or refused file with its path and why, then the summary; returns the exit code. */
export async function importDicomFolder(options: ImportDicomOptions): Promise<0 | 1> {
  const files = await filesUnder(options.folder);
  const stow = new StowClient({ url: options.pacs, ...(options.auth && { auth: options.auth }) });
  console.log(`import dicom: ${files.length} files under ${options.folder}, sending to ${stow.url}`);
  const run = new ImportRun('import dicom', files.length, 'files');

  async function* instances(): AsyncGenerator<OutgoingInstance> {
    for (const path of files) {
      let part10: Uint8Array;
      let sopInstanceUid: string;
      try {
        part10 = await readFile(path);
        ({ sopInstanceUid } = checkPart10(part10));
      } catch (error) {
        const known = error instanceof NotAnInstanceError || (error as NodeJS.ErrnoException).code;
        if (!known) throw error;
        run.skip(`${path}: skipped: ${(error as Error).message}`);
        continue;
      }
      yield { source: path, sopInstanceUid, part10 };
    }
  }

  await run.send(stow, instances(), options.batchSize);
  console.log(run.summary());
  return run.exitCode();
}

/** Regular files under `folder`, in code-unit order of their paths (symbolic links are not followed). */
async function filesUnder(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${folder}: no such folder`);
    if (code === 'ENOTDIR') throw new UsageError(`${folder}: not a folder`);
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
