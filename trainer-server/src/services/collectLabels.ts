import type { Candidate, Store } from '../store/ports.js';

export interface ConsensusLabel {
  readonly candidate: Candidate;
  /** Index into the service's class list. */
  readonly label: number;
  /** In the blind audit sample: it measures models and never trains one. */
  readonly audit: boolean;
}

/** Every candidate with a consensus class, its class as an index, and whether it is an audit case. */
export function collectLabels(
  store: Pick<Store, 'consensus' | 'candidates' | 'auditSample'>,
  classes: readonly string[],
): ConsensusLabel[] {
  return store.consensus.listLabeled().map((consensus) => {
    const label = classes.indexOf(consensus.value ?? '');
    if (label < 0) {
      throw new RangeError(
        `candidate ${consensus.candidateId}: consensus '${String(consensus.value)}' is not one of the ` +
          `classes [${classes.join(', ')}]`,
      );
    }
    const candidate = store.candidates.get(consensus.candidateId);
    if (!candidate) throw new RangeError(`labeled candidate ${consensus.candidateId} is not registered`);
    return { candidate, label, audit: store.auditSample.has(candidate.id) };
  });
}
