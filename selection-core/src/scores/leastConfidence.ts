import type { PatchProbabilities } from '../types.js';
import { argMax, meanProbabilities } from './meanProbabilities.js';

/** 1 - max_k of the mean prediction over patches. */
export function leastConfidence(p: PatchProbabilities): Float64Array {
  const { nCandidates, nClasses } = p;
  const mean = meanProbabilities(p);
  const scores = new Float64Array(nCandidates);
  for (let c = 0; c < nCandidates; c++) {
    scores[c] = 1 - mean[c * nClasses + argMax(mean, c * nClasses, nClasses)]!;
  }
  return scores;
}
