import { spread } from './spread.js';
import type { Spread } from './spread.js';

/**
 * One figure of an arm against the baseline, seed by seed (seed s of both arms shares its random stream,
 * its head initialisation and, with the same cold start, its first batch).
 */
export interface Comparison {
  /** Mean over seeds of (arm - baseline); null when a seed of either never reached the figure. */
  readonly difference: number | null;
  /** Standard deviation of the per-seed differences (the paired spread). */
  readonly pairedSd: number | null;
  /** The larger of the two arms' own seed-to-seed standard deviations. */
  readonly seedSpread: number | null;
  /** The arm is better than the baseline by more than `seedSpread` (the bar issue 9 sets). */
  readonly beyondSpread: boolean;
  /**
   * Whether any arm could be better by more than the spread at all: one at `best` (the best value a figure
   * can take, e.g. the first evaluation's label count) on every seed. False when the baseline is already at
   * or near `best` on most seeds; null when no `best` was given or a figure is missing.
   */
  readonly winnable: boolean | null;
}

/**
 * Compares per-seed values of an arm and the baseline, where `higherIsBetter` says which way wins (ALC: up,
 * labels to a target: down). Seeds are paired by position.
 */
export function compareWithBaseline(
  arm: readonly (number | null)[],
  baseline: readonly (number | null)[],
  higherIsBetter: boolean,
  best?: number,
): Comparison {
  const complete = (values: readonly (number | null)[]): values is number[] =>
    values.length > 0 && values.every((v) => v !== null && Number.isFinite(v));
  if (!complete(arm) || !complete(baseline) || arm.length !== baseline.length) {
    return { difference: null, pairedSd: null, seedSpread: null, beyondSpread: false, winnable: null };
  }
  const differences: Spread = spread(arm.map((v, i) => v - baseline[i]!));
  const ofBaseline = spread(baseline);
  const seedSpread = Math.max(spread(arm).sd, ofBaseline.sd);
  const gain = higherIsBetter ? differences.mean : -differences.mean;
  // The perfect arm sits at `best` on every seed (spread 0), so only the baseline's own spread counts.
  const bestGain =
    best === undefined ? null : higherIsBetter ? best - ofBaseline.mean : ofBaseline.mean - best;
  return {
    difference: differences.mean,
    pairedSd: differences.sd,
    seedSpread,
    beyondSpread: gain > seedSpread,
    winnable: bestGain === null ? null : bestGain > ofBaseline.sd,
  };
}
