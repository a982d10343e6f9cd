// Which model files already passed the sha256 check, so that serving a ~10 MB model does not hash it on
// every download. A file is known by what fstat says of it: a file replaced (new inode), truncated or
// extended (size) or written (mtime) no longer matches and is hashed again. What the cache accepts
// unhashed is a file whose bytes changed while device, inode, size and mtime all stayed: a writer that
// restores the mtime by hand (utimes), or bit rot under the file system. The start-up check and
// `npm run doctor` hash every version regardless.
import type { BigIntStats } from 'node:fs';

/** What identifies the bytes of one file on disk (bigint: inode numbers may exceed 2^53). */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

export const identityOf = ({ dev, ino, size, mtimeNs }: BigIntStats): FileIdentity => ({
  dev,
  ino,
  size,
  mtimeNs,
});

const sameIdentity = (a: FileIdentity, b: FileIdentity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;

/**
 * The identity the file had for the whole of a read, from fstat of the open handle before and after it;
 * undefined when the two differ (it was written during the read, so no single identity names its bytes).
 */
export function identityDuringRead(before: BigIntStats, after: BigIntStats): FileIdentity | undefined {
  const identity = identityOf(before);
  return sameIdentity(identity, identityOf(after)) ? identity : undefined;
}

/**
 * One entry per model version, holding the identity of the file that last hashed to its sha256. Callers
 * remember only registered versions, so it holds at most as many entries as the store has versions.
 */
export class VerifiedDigests {
  readonly #verified = new Map<string, { readonly identity: FileIdentity; readonly sha256: string }>();

  /** Whether `version`'s file with `identity` was verified to hash to `sha256`: it need not be hashed. */
  vouchesFor(version: string, sha256: string, identity: FileIdentity | undefined): boolean {
    const entry = this.#verified.get(version);
    return (
      identity !== undefined &&
      entry !== undefined &&
      entry.sha256 === sha256 &&
      sameIdentity(entry.identity, identity)
    );
  }

  /** Records that the file with `identity` hashed to `sha256`, replacing what was known of `version`. */
  remember(version: string, sha256: string, identity: FileIdentity): void {
    this.#verified.set(version, { identity, sha256 });
  }

  /** Drops `version`, whose file failed the check or could not be read. */
  forget(version: string): void {
    this.#verified.delete(version);
  }
}
