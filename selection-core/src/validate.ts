import type { PatchProbabilities } from './types.js';

/** How far a row of probabilities may sum from 1: float32 softmax outputs are off by ~1e-7. */
export const ROW_SUM_TOLERANCE = 1e-3;

/**
 * Checks shape and invariants once, at the entry of every public function, and names the first
 * offending candidate and patch. Never repairs: a bad prediction is a bug upstream.
 */
export function assertPatchProbabilities(p: PatchProbabilities): void {
  const { data, nCandidates, nPatches, nClasses } = p;
  assertCount('nCandidates', nCandidates, 0);
  assertCount('nPatches', nPatches, 1);
  assertCount('nClasses', nClasses, 2);
  const expected = nCandidates * nPatches * nClasses;
  if (data.length !== expected) {
    throw new RangeError(
      `data has ${data.length} values, expected nCandidates x nPatches x nClasses = ` +
        `${nCandidates} x ${nPatches} x ${nClasses} = ${expected}`,
    );
  }
  for (let row = 0; row < nCandidates * nPatches; row++) {
    let sum = 0;
    for (let k = 0; k < nClasses; k++) {
      const v = data[row * nClasses + k] as number;
      if (!(v >= 0 && v <= 1 + ROW_SUM_TOLERANCE)) {
        throw new RangeError(`${where(row, nPatches)}, class ${k}: probability ${v} is not in [0, 1]`);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new RangeError(
        `${where(row, nPatches)}: probabilities sum to ${sum}, expected 1 ± ${ROW_SUM_TOLERANCE}`,
      );
    }
  }
}

export function assertCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

export function assertScores(scores: Float64Array): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new RangeError(`score of candidate ${i} is ${String(scores[i])}, expected a finite number`);
    }
  }
}

function where(row: number, nPatches: number): string {
  return `candidate ${Math.floor(row / nPatches)}, patch ${row % nPatches}`;
}
