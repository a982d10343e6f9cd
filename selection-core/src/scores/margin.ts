import type { PatchProbabilities } from '../types.js';
import { meanProbabilities } from './meanProbabilities.js';

/** -(p1 - p2) on the mean prediction over patches, where p1 >= p2 are its two largest probabilities. */
export function margin(p: PatchProbabilities): Float64Array {
  const { nCandidates, nClasses } = p;
  const mean = meanProbabilities(p);
  const scores = new Float64Array(nCandidates);
  for (let c = 0; c < nCandidates; c++) {
    let first = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < nClasses; k++) {
      const v = mean[c * nClasses + k]!;
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    scores[c] = second - first;
  }
  return scores;
}
