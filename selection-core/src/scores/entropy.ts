import type { PatchProbabilities } from '../types.js';
import { xLogX } from './logSafe.js';

/** e_i = -(1/m) * sum_j sum_k P^{j,k} ln P^{j,k}: the mean Shannon entropy (nats) of a candidate's patches. */
export function entropy(p: PatchProbabilities): Float64Array {
  const { data, nCandidates, nPatches, nClasses } = p;
  const scores = new Float64Array(nCandidates);
  const rowLength = nPatches * nClasses;
  for (let c = 0; c < nCandidates; c++) {
    let sum = 0;
    for (let i = c * rowLength; i < (c + 1) * rowLength; i++) sum -= xLogX(data[i] as number);
    scores[c] = sum / nPatches;
  }
  return scores;
}
