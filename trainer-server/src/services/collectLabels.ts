import type { Candidate, Store } from '../store/ports.js';
import { isHeldOut } from './heldOut.js';

export interface ConsensusLabel {
  readonly candidate: Candidate;
  /** Index into the service's class list. */
  readonly label: number;
  readonly heldOut: boolean;
}

/** Every candidate with a consensus class, its class as an index, and which side of the split it is on. */
export function collectLabels(
  store: Pick<Store, 'consensus' | 'candidates'>,
  classes: readonly string[],
  heldOutShare: number,
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
    return { candidate, label, heldOut: isHeldOut(candidate.id, heldOutShare) };
  });
}
