import { createHash } from 'node:crypto';

/**
 * Where a study falls in [0, 1) for the blind audit: the first 32 bits of sha256 over its Study Instance UID.
 * A study with a unit below the audit share is reserved for the audit, all its frames together (neighbouring
 * frames of one study must not be trained on and measured on at once). Independent of any model and of the
 * images, so the reserved part is a uniform random sample of the pool's studies; the same on every server.
 */
export function auditUnit(studyInstanceUid: string): number {
  const head = createHash('sha256').update(studyInstanceUid).digest().readUInt32BE(0);
  return head / 2 ** 32;
}
