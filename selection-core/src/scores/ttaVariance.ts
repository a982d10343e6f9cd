import type { PatchProbabilities } from '../types.js';
import { argMax, meanProbabilities } from './meanProbabilities.js';

/**
 * Test-time-augmentation variability (MONAI Label's "tta": std / mean over augmented passes), taken on the
 * predicted class: std_j P^{j,y} / mean_j P^{j,y} with y = argmax of the mean prediction. The mean of the
 * predicted class is at least 1/K, so the ratio stays bounded.
 */
export function ttaVariance(p: PatchProbabilities): Float64Array {
  const { data, nCandidates, nPatches, nClasses } = p;
  const mean = meanProbabilities(p);
  const scores = new Float64Array(nCandidates);
  for (let c = 0; c < nCandidates; c++) {
    const y = argMax(mean, c * nClasses, nClasses);
    const mu = mean[c * nClasses + y]!;
    let squares = 0;
    for (let j = 0; j < nPatches; j++) {
      const d = (data[(c * nPatches + j) * nClasses + y] as number) - mu;
      squares += d * d;
    }
    scores[c] = Math.sqrt(squares / nPatches) / mu;
  }
  return scores;
}
