import { createHash } from 'node:crypto';
import type { CandidateRef } from './ports.js';
import { checkPositiveInteger, checkUid } from './validate.js';

/**
 * The stable id of a candidate: the first 128 bits of sha256 over its UIDs and frame, in hex. Short and URL
 * safe where the three UIDs together can run to 200 characters, and the same on every server.
 */
export function candidateId(ref: Omit<CandidateRef, 'modality'>): string {
  const parts = [
    checkUid('studyInstanceUid', ref.studyInstanceUid),
    checkUid('seriesInstanceUid', ref.seriesInstanceUid),
    checkUid('sopInstanceUid', ref.sopInstanceUid),
    String(checkPositiveInteger('frame', ref.frame)),
  ];
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32);
}
