import { argMax, meanProbabilities } from '../scores/meanProbabilities.js';
import type { PatchProbabilities } from '../types.js';

/** The paper's default share of patches kept by majority selection. */
export const DEFAULT_ALPHA = 0.25;

/** m' = round(alpha * m), at least one patch: the number of patches majority selection keeps. */
export function keptPatchCount(nPatches: number, alpha: number): number {
  assertAlpha(alpha);
  return Math.max(1, Math.round(alpha * nPatches));
}

export function assertAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha <= 1)) {
    throw new RangeError(`alpha must be in (0, 1], got ${String(alpha)}`);
  }
}

/**
 * Majority selection (AIFT): find the dominant class y = argmax of the mean prediction over patches, keep
 * the round(alpha * m) patches with the highest P^{j,y}, drop the rest as likely augmentation noise.
 * In the binary case this is the authors' demo (high-to-low when the mean is > 0.5, else low-to-high).
 * Ties in P^{j,y} are broken by the whole row, so the result never depends on the order of the patches.
 */
export function majoritySelect(p: PatchProbabilities, alpha: number): PatchProbabilities {
  const { data, nCandidates, nPatches, nClasses } = p;
  const kept = keptPatchCount(nPatches, alpha);
  if (kept === nPatches) return p;
  const mean = meanProbabilities(p);
  const out = new Float64Array(nCandidates * kept * nClasses);
  const order = new Int32Array(nPatches);
  for (let c = 0; c < nCandidates; c++) {
    const y = argMax(mean, c * nClasses, nClasses);
    const rowOf = (j: number): number => (c * nPatches + j) * nClasses;
    for (let j = 0; j < nPatches; j++) order[j] = j;
    order.sort((a, b) => {
      const diff = (data[rowOf(b) + y] as number) - (data[rowOf(a) + y] as number);
      if (diff !== 0) return diff;
      for (let k = 0; k < nClasses; k++) {
        const d = (data[rowOf(b) + k] as number) - (data[rowOf(a) + k] as number);
        if (d !== 0) return d;
      }
      return 0;
    });
    for (let j = 0; j < kept; j++) {
      const from = rowOf(order[j]!);
      out.set(data.subarray(from, from + nClasses), (c * kept + j) * nClasses);
    }
  }
  return { data: out, nCandidates, nPatches: kept, nClasses };
}
