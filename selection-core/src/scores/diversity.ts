import type { PatchProbabilities } from '../types.js';
import { LOG_EPSILON } from './logSafe.js';

/**
 * d_i = sum_{j<l} sum_k (P^{j,k} - P^{l,k}) * ln(P^{j,k} / P^{l,k}): the pairwise symmetric KL divergence
 * between the predictions on a candidate's patches (the paper's sum over j <= l; the j = l terms are 0).
 * Summed, not averaged, as in the paper: it grows with the number of patch pairs.
 */
export function diversity(p: PatchProbabilities): Float64Array {
  const { data, nCandidates, nPatches, nClasses } = p;
  const scores = new Float64Array(nCandidates);
  const logs = new Float64Array(nPatches * nClasses);
  for (let c = 0; c < nCandidates; c++) {
    const base = c * nPatches * nClasses;
    for (let i = 0; i < logs.length; i++) logs[i] = Math.log((data[base + i] as number) + LOG_EPSILON);
    let sum = 0;
    for (let j = 0; j < nPatches; j++) {
      for (let l = j + 1; l < nPatches; l++) {
        for (let k = 0; k < nClasses; k++) {
          const a = j * nClasses + k;
          const b = l * nClasses + k;
          sum += ((data[base + a] as number) - (data[base + b] as number)) * (logs[a]! - logs[b]!);
        }
      }
    }
    scores[c] = sum;
  }
  return scores;
}
