import { createRng } from '@aift/selection-core';
import { fitInversePowerLaw, labelsToReach } from './inversePowerLaw.js';
import { percentile } from './percentile.js';

/** One head trained on `labels` audit labels drawn at random, and its AUC on the other audit labels. */
export interface RandomCurveSample {
  readonly labels: number;
  readonly auc: number;
}

/** A count with its 95% interval; null stands for "no bound" (random labeling never gets there). */
export interface CountEstimate {
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

export type LabelsSavedStatus = 'saving' | 'not-saving' | 'not-yet-measurable';

/** What the selection saved against labeling at random, as the product states it. */
export interface LabelsSavedEstimate {
  readonly status: LabelsSavedStatus;
  /** One sentence for the panel. */
  readonly statement: string;
  /** Labels that trained the model (audit labels excluded). */
  readonly usedLabels: number;
  readonly auditLabels: number;
  /** Labels chosen at random the same learner needs for the model's audited AUC; null when not estimated. */
  readonly randomLabels: CountEstimate | null;
  /** randomLabels - usedLabels. */
  readonly saved: CountEstimate | null;
  readonly method: string;
}

export interface LabelsSavedInput {
  /** The random learning curve, measured on the audit sample (several heads per label count). */
  readonly samples: readonly RandomCurveSample[];
  readonly usedLabels: number;
  readonly auditLabels: number;
  /** The model's audited AUC and its bootstrap resamples (for the interval). */
  readonly auc: number;
  readonly aucResamples: ArrayLike<number>;
  readonly seed?: number;
}

/** Fewer audit labels than this and the estimate is not attempted. */
export const MIN_AUDIT_LABELS_FOR_SAVINGS = 20;
const RESAMPLES = 1000;
/**
 * A target just below the fitted plateau extrapolates to astronomically many labels (10^30 and more, beyond
 * what any integer field holds): more than this many reads as "no bound", random labeling never gets there.
 */
const NO_BOUND_BEYOND = 1_000_000;

export const LABELS_SAVED_METHOD =
  'Random labeling is replayed on the audit sample: heads trained on random subsets of it, each measured on ' +
  'the rest, give a learning curve; an inverse power law fitted to it gives the labels at which random ' +
  "labeling reaches the model's audited AUC. 95% interval: 1,000 resamples of the heads at each count and " +
  "of the model's AUC. The curve is extrapolated beyond the audit sample's size; the interval does not " +
  'cover a wrong curve form. Checked in simulation, its statements were right about half the time and its ' +
  'interval held the truth in 74% of runs: an indication, not a finding (docs/simulation.md).';

/**
 * Labels saved against random labeling: how many randomly chosen labels the same learner needs to reach the
 * model's audited AUC (from the random learning curve on the audit sample), minus the labels the model used.
 * It states a saving, or that there is none, only when the 95% interval says so, and is otherwise "not yet
 * measurable".
 */
export function estimateLabelsSaved(input: LabelsSavedInput): LabelsSavedEstimate {
  const { samples, usedLabels, auditLabels, auc } = input;
  const base = { usedLabels, auditLabels, method: LABELS_SAVED_METHOD };
  const unmeasurable = (why: string) => notYetMeasurable(why, usedLabels, auditLabels);
  if (auditLabels < MIN_AUDIT_LABELS_FOR_SAVINGS) {
    return unmeasurable(`${auditLabels} audit labels; the estimate needs ${MIN_AUDIT_LABELS_FOR_SAVINGS}`);
  }
  const byCount = new Map<number, number[]>();
  for (const s of samples) {
    if (!Number.isFinite(s.auc)) continue;
    byCount.set(s.labels, [...(byCount.get(s.labels) ?? []), s.auc]);
  }
  if (byCount.size < 3) return unmeasurable('the random learning curve has fewer than three points');

  const counts = [...byCount.keys()].sort((a, b) => a - b);
  const curveOf = (values: (count: number) => readonly number[]) =>
    counts.map((n) => ({ n, y: mean(values(n)) }));
  // Where the curve already reaches the target, random labeling needs at most that many labels, whatever
  // the fitted plateau says; beyond the points, the fit extrapolates.
  const needed = (points: { n: number; y: number }[], target: number) => {
    const n = Math.min(
      labelsToReach(fitInversePowerLaw(points), target),
      points.find((p) => p.y >= target)?.n ?? Infinity,
    );
    return n > NO_BOUND_BEYOND ? Infinity : n;
  };

  const point = needed(
    curveOf((n) => byCount.get(n)!),
    auc,
  );
  const rng = createRng(input.seed ?? 0);
  const draws: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const resampled = curveOf((n) => {
      const values = byCount.get(n)!;
      return values.map(() => values[Math.floor(rng.next() * values.length)]!);
    });
    const target = input.aucResamples[r % input.aucResamples.length] ?? auc;
    draws.push(needed(resampled, target));
  }
  const [low, high] = [percentile(draws, 2.5), percentile(draws, 97.5)];
  const finite = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);
  const randomLabels: CountEstimate = { value: finite(point), low: finite(low), high: finite(high) };
  const minus = (n: number) => (Number.isFinite(n) ? Math.round(n - usedLabels) : null);
  const saved: CountEstimate = { value: minus(point), low: minus(low), high: minus(high) };
  const range = (e: CountEstimate) => `${e.low ?? 'no bound'} to ${e.high ?? 'no bound'}`;

  if (low > usedLabels) {
    return {
      ...base,
      status: 'saving',
      statement:
        `About ${saved.value ?? 'an unbounded number of'} labels saved vs labeling at random (95% interval ` +
        `${range(saved)}): random labeling would need about ${randomLabels.value ?? 'more than any'} labels ` +
        `for this AUC, the selection used ${usedLabels}.`,
      randomLabels,
      saved,
    };
  }
  if (high < usedLabels) {
    return {
      ...base,
      status: 'not-saving',
      statement:
        `The selection is not saving labels: labeling at random would reach this AUC with about ` +
        `${randomLabels.value} labels (95% interval ${range(randomLabels)}); the selection used ${usedLabels}.`,
      randomLabels,
      saved,
    };
  }
  return {
    ...base,
    status: 'not-yet-measurable',
    statement:
      `Labels saved vs random: not yet measurable (95% interval ${range(saved)} labels, which includes ` +
      'no saving).',
    randomLabels,
    saved,
  };
}

/** The statement when no estimate can be made, with why. */
export function notYetMeasurable(why: string, usedLabels: number, auditLabels: number): LabelsSavedEstimate {
  return {
    status: 'not-yet-measurable',
    statement: `Labels saved vs random: not yet measurable (${why}).`,
    usedLabels,
    auditLabels,
    randomLabels: null,
    saved: null,
    method: LABELS_SAVED_METHOD,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
