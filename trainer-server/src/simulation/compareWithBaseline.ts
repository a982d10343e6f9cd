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
}

/**
 * Compares per-seed values of an arm and the baseline, where `higherIsBetter` says which way wins (ALC: up,
 * labels to a target: down). Seeds are paired by position.
 */
export function compareWithBaseline(
  arm: readonly (number | null)[],
  baseline: readonly (number | null)[],
  higherIsBetter: boolean,
): Comparison {
  const complete = (values: readonly (number | null)[]): values is number[] =>
    values.length > 0 && values.every((v) => v !== null && Number.isFinite(v));
  if (!complete(arm) || !complete(baseline) || arm.length !== baseline.length) {
    return { difference: null, pairedSd: null, seedSpread: null, beyondSpread: false };
  }
  const differences: Spread = spread(arm.map((v, i) => v - baseline[i]!));
  const seedSpread = Math.max(spread(arm).sd, spread(baseline).sd);
  const gain = higherIsBetter ? differences.mean : -differences.mean;
  return {
    difference: differences.mean,
    pairedSd: differences.sd,
    seedSpread,
    beyondSpread: gain > seedSpread,
  };
}
