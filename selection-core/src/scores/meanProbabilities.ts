import type { PatchProbabilities } from '../types.js';

/** The test-time-augmented prediction of each candidate: the mean over its patches, nCandidates x nClasses. */
export function meanProbabilities(p: PatchProbabilities): Float64Array {
  const { data, nCandidates, nPatches, nClasses } = p;
  const mean = new Float64Array(nCandidates * nClasses);
  for (let c = 0; c < nCandidates; c++) {
    for (let j = 0; j < nPatches; j++) {
      const row = (c * nPatches + j) * nClasses;
      for (let k = 0; k < nClasses; k++) mean[c * nClasses + k]! += data[row + k] as number;
    }
    for (let k = 0; k < nClasses; k++) mean[c * nClasses + k]! /= nPatches;
  }
  return mean;
}

/** Values closer than this count as tied: summing patches in another order moves a mean by an ulp or so. */
const TIE = 1e-12;

/** The index of the largest value in `values[offset .. offset + length)`; the lowest index wins ties. */
export function argMax(values: ArrayLike<number>, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) {
    if ((values[offset + k] as number) > (values[offset + best] as number) + TIE) best = k;
  }
  return best;
}
