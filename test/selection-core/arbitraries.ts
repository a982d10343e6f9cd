import fc from 'fast-check';
import type { PatchProbabilities } from '@aift/selection-core';

/** Builds a PatchProbabilities from nested rows: candidates x patches x classes. */
export function pool(rows: readonly (readonly (readonly number[])[])[]): PatchProbabilities {
  const nCandidates = rows.length;
  const nPatches = rows[0]?.length ?? 1;
  const nClasses = rows[0]?.[0]?.length ?? 2;
  return { data: Float64Array.from(rows.flat(2)), nCandidates, nPatches, nClasses };
}

/** A binary pool from P(class 1) per patch. */
export function binaryPool(p1: readonly (readonly number[])[]): PatchProbabilities {
  return pool(p1.map((patches) => patches.map((p) => [1 - p, p])));
}

/**
 * Random valid pools, including rows with exact 0s and 1s (integer weights that may be 0, normalised).
 */
export const patchProbabilities = (limits: { maxCandidates?: number; maxPatches?: number } = {}) =>
  fc
    .record({
      nCandidates: fc.integer({ min: 1, max: limits.maxCandidates ?? 6 }),
      nPatches: fc.integer({ min: 1, max: limits.maxPatches ?? 8 }),
      nClasses: fc.integer({ min: 2, max: 4 }),
    })
    .chain(({ nCandidates, nPatches, nClasses }) =>
      fc
        .array(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: nClasses, maxLength: nClasses }), {
          minLength: nCandidates * nPatches,
          maxLength: nCandidates * nPatches,
        })
        .map((weights) => {
          const data = new Float64Array(nCandidates * nPatches * nClasses);
          weights.forEach((row, r) => {
            const safe = row.some((w) => w > 0) ? row : row.map((_, k) => (k === 0 ? 1 : 0));
            const total = safe.reduce((a, b) => a + b, 0);
            safe.forEach((w, k) => (data[r * nClasses + k] = w / total));
          });
          return { data, nCandidates, nPatches, nClasses } satisfies PatchProbabilities;
        }),
    );

/** The same pool with each candidate's patches in another order (a seeded permutation per candidate). */
export function shufflePatches(p: PatchProbabilities, seed: number): PatchProbabilities {
  const data = new Float64Array(p.data.length);
  let state = seed >>> 0 || 1;
  const nextIndex = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  for (let c = 0; c < p.nCandidates; c++) {
    const order = Array.from({ length: p.nPatches }, (_, j) => j);
    for (let j = order.length - 1; j > 0; j--) {
      const i = nextIndex(j + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    order.forEach((from, to) => {
      const src = (c * p.nPatches + from) * p.nClasses;
      const dst = (c * p.nPatches + to) * p.nClasses;
      data.set(p.data.subarray(src, src + p.nClasses), dst);
    });
  }
  return { ...p, data };
}
