// A published version's files checked against what the store registered: model.onnx must hash to the
// registered sha256 (its ETag) and model-card.json must name the version. Disks corrupt and truncate
// files, and people copy folders by hand: bytes that fail this check are never served.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { identityDuringRead, identityOf } from './verifiedDigests.js';
import type { VerifiedDigests } from './verifiedDigests.js';
import { MODEL_CARD_FILE, MODEL_FILE } from './writeModelVersion.js';

/** A registered version whose files on disk are missing or are not the bytes that were published. */
export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
  constructor(
    readonly version: string,
    /** What is wrong, naming the file but not its folder: API clients are shown it. */
    readonly problem: string,
  ) {
    super(`model version ${version} failed its integrity check: ${problem}`);
  }
}

/**
 * The version's model.onnx, read whole and checked; throws ModelIntegrityError when it does not match.
 * With `digests`, a file they vouch for is read but not hashed, and one that hashes right is remembered.
 */
export async function readVerifiedModel(
  root: string,
  version: string,
  sha256: string,
  digests?: VerifiedDigests,
): Promise<Buffer> {
  return withModelFile(root, version, digests, async (file) => {
    // Both fstats are of the handle the bytes come from: a file renamed over the path meanwhile is not it,
    // and one written during the read has no identity to vouch for or remember.
    const before = await file.stat({ bigint: true });
    const bytes = await file.readFile();
    const identity = identityDuringRead(before, await file.stat({ bigint: true }));
    if (digests?.vouchesFor(version, sha256, identity)) return bytes;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new ModelIntegrityError(
        version,
        `${MODEL_FILE} (${bytes.length} bytes) hashes to ${actual}, not to its registered sha256 ${sha256}`,
      );
    }
    if (identity !== undefined) digests?.remember(version, sha256, identity);
    return bytes;
  });
}

/**
 * Checks both files of a version; resolves with the problem, or undefined when the version is intact.
 * With `digests`, a model.onnx they vouch for is only fstat'ed, so checking every version stays cheap.
 */
export async function checkModelVersion(
  root: string,
  version: string,
  sha256: string,
  digests?: VerifiedDigests,
): Promise<ModelIntegrityError | undefined> {
  try {
    if (!(await isVouchedFor(root, version, sha256, digests))) {
      await readVerifiedModel(root, version, sha256, digests);
    }
    const card = JSON.parse(await readFile(join(root, 'versions', version, MODEL_CARD_FILE), 'utf8')) as {
      version?: unknown;
    };
    if (card.version !== version) {
      return new ModelIntegrityError(version, `${MODEL_CARD_FILE} names version ${String(card.version)}`);
    }
    return undefined;
  } catch (error) {
    if (error instanceof ModelIntegrityError) return error;
    return new ModelIntegrityError(version, `${MODEL_CARD_FILE} cannot be read (${reasonOf(error)})`);
  }
}

async function isVouchedFor(
  root: string,
  version: string,
  sha256: string,
  digests: VerifiedDigests | undefined,
): Promise<boolean> {
  if (digests === undefined) return false;
  return withModelFile(root, version, digests, async (file) =>
    digests.vouchesFor(version, sha256, identityOf(await file.stat({ bigint: true }))),
  );
}

/**
 * Runs `use` on the version's open model.onnx and closes it. Any failure becomes a ModelIntegrityError
 * and makes `digests` forget the version.
 */
async function withModelFile<T>(
  root: string,
  version: string,
  digests: VerifiedDigests | undefined,
  use: (file: FileHandle) => Promise<T>,
): Promise<T> {
  let file: FileHandle | undefined;
  try {
    file = await open(join(root, 'versions', version, MODEL_FILE), 'r');
    return await use(file);
  } catch (error) {
    digests?.forget(version);
    if (error instanceof ModelIntegrityError) throw error;
    throw new ModelIntegrityError(version, `${MODEL_FILE} cannot be read (${reasonOf(error)})`);
  } finally {
    await file?.close();
  }
}

/** The system's reason with any path cut down to its file name: the folder is the server's business. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { path } = error as NodeJS.ErrnoException;
  return path === undefined ? error.message : error.message.replaceAll(path, basename(path));
}
