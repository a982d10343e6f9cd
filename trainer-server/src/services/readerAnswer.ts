import type { Store } from '../store/index.js';

/** The reader's current answer on a candidate: their latest label that is not retracted; else null. */
export function readerAnswer(
  store: Pick<Store, 'labels'>,
  candidateId: string,
  annotator: string,
): string | null {
  return (
    store.labels
      .forCandidate(candidateId)
      .filter((label) => label.annotator === annotator && label.retracted === null)
      .at(-1)?.value ?? null
  );
}
