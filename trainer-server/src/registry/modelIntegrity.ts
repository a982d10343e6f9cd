// A published version's files checked against what the store registered: model.onnx must hash to the
// registered sha256 (its ETag) and model-card.json must name the version. Disks corrupt and truncate
// files, and people copy folders by hand: bytes that fail this check are never served.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_CARD_FILE, MODEL_FILE } from './writeModelVersion.js';

/** A registered version whose files on disk are missing or are not the bytes that were published. */
export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
  constructor(
    readonly version: string,
    readonly problem: string,
  ) {
    super(`model version ${version} failed its integrity check: ${problem}`);
  }
}

/** The version's model.onnx, read whole and checked; throws ModelIntegrityError when it does not match. */
export async function readVerifiedModel(root: string, version: string, sha256: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, 'versions', version, MODEL_FILE));
  } catch (error) {
    throw new ModelIntegrityError(version, `${MODEL_FILE} cannot be read (${(error as Error).message})`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new ModelIntegrityError(
      version,
      `${MODEL_FILE} (${bytes.length} bytes) hashes to ${actual}, not to its registered sha256 ${sha256}`,
    );
  }
  return bytes;
}

/** Checks both files of a version; resolves with the problem, or undefined when the version is intact. */
export async function checkModelVersion(
  root: string,
  version: string,
  sha256: string,
): Promise<ModelIntegrityError | undefined> {
  try {
    await readVerifiedModel(root, version, sha256);
    const card = JSON.parse(await readFile(join(root, 'versions', version, MODEL_CARD_FILE), 'utf8')) as {
      version?: unknown;
    };
    if (card.version !== version) {
      return new ModelIntegrityError(version, `${MODEL_CARD_FILE} names version ${String(card.version)}`);
    }
    return undefined;
  } catch (error) {
    if (error instanceof ModelIntegrityError) return error;
    return new ModelIntegrityError(
      version,
      `${MODEL_CARD_FILE} cannot be read (${(error as Error).message})`,
    );
  }
}
