import { diversity } from './scores/diversity.js';
import { entropy } from './scores/entropy.js';
import { argMax, meanProbabilities } from './scores/meanProbabilities.js';
import { DEFAULT_ALPHA, majoritySelect } from './transforms/majoritySelect.js';
import type { PatchProbabilities } from './types.js';
import { assertPatchProbabilities } from './validate.js';

export interface WorthinessOptions {
  /** Share of patches kept by majority selection, in (0, 1]; 1 switches majority selection off. */
  readonly alpha: number;
  /** Weight of the entropy term (the paper uses 0 or 1 as a switch). */
  readonly lambda1: number;
  /** Weight of the diversity term (the paper uses 0 or 1 as a switch). */
  readonly lambda2: number;
}

export const DEFAULT_WORTHINESS: WorthinessOptions = { alpha: DEFAULT_ALPHA, lambda1: 1, lambda2: 1 };

/** Per candidate, the parts of its worthiness, so a viewer can show why a case was picked. */
export interface WorthinessParts {
  /** argmax of the mean prediction over all m patches. */
  readonly predictedClass: Int32Array;
  /** Mean probability of the predicted class over all m patches. */
  readonly probability: Float64Array;
  /** Entropy term e_i over the patches kept by majority selection. */
  readonly entropy: Float64Array;
  /** Diversity term d_i over the patches kept by majority selection. */
  readonly diversity: Float64Array;
  /** a_i = lambda1 * e_i + lambda2 * d_i. */
  readonly worthiness: Float64Array;
  /** m' = the number of patches majority selection kept. */
  readonly keptPatches: number;
}

/**
 * AIFT worthiness of every candidate (Zhou et al. 2017, in the sum form of ACFT: the CVPR matrix form
 * sum(R) ranks the same way). Parts are always all computed, whatever the lambdas, for display.
 */
export function worthiness(
  p: PatchProbabilities,
  options: WorthinessOptions = DEFAULT_WORTHINESS,
): WorthinessParts {
  assertPatchProbabilities(p);
  assertWeight('lambda1', options.lambda1);
  assertWeight('lambda2', options.lambda2);
  const kept = majoritySelect(p, options.alpha);
  const e = entropy(kept);
  const d = diversity(kept);
  const a = new Float64Array(p.nCandidates);
  for (let c = 0; c < a.length; c++) a[c] = options.lambda1 * e[c]! + options.lambda2 * d[c]!;

  const mean = meanProbabilities(p);
  const predictedClass = new Int32Array(p.nCandidates);
  const probability = new Float64Array(p.nCandidates);
  for (let c = 0; c < p.nCandidates; c++) {
    const y = argMax(mean, c * p.nClasses, p.nClasses);
    predictedClass[c] = y;
    probability[c] = mean[c * p.nClasses + y]!;
  }
  return { predictedClass, probability, entropy: e, diversity: d, worthiness: a, keptPatches: kept.nPatches };
}

function assertWeight(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}
