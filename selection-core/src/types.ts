/**
 * Predictions of the current model for the m augmented patches of every candidate in a pool.
 *
 * Layout (row-major, one row per patch): `data[(c * nPatches + j) * nClasses + k]` is the probability of
 * class k for patch j of candidate c. Each row sums to 1.
 */
export interface PatchProbabilities {
  readonly data: Float32Array | Float64Array;
  readonly nCandidates: number;
  readonly nPatches: number;
  readonly nClasses: number;
}

/** One score per candidate; a higher score always means "more worth a radiologist's time". */
export type Scorer = (p: PatchProbabilities) => Float64Array;

/** A source of uniform numbers in [0, 1). Passed in, never global, so every selection can be replayed. */
export interface Rng {
  next(): number;
}
