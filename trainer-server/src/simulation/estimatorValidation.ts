import { labelsToReach } from '../evaluation/learningCurve.js';
import type { CurvePoint } from '../evaluation/learningCurve.js';
import type { LabelsSavedStatus } from '../evaluation/labelsSaved.js';
import { percentile } from '../evaluation/percentile.js';
import type { AuditEstimate } from './simulateStrategy.js';

/** One seed's estimate at one checkpoint, beside the saving the harness measured. */
export interface EstimateCheck {
  readonly seed: number;
  readonly labels: number;
  readonly auditLabels: number;
  /** 'no metric' when the model had no audited metric yet (too few audit labels, or a class missing). */
  readonly status: LabelsSavedStatus | 'no metric';
  /** The product's point estimate and 95% interval of labels saved (null: no bound, or not estimated). */
  readonly estimate: {
    readonly value: number | null;
    readonly low: number | null;
    readonly high: number | null;
  };
  /**
   * The truth: labels the baseline's seed-mean curve needs to reach this run's AUC on the evaluation split,
   * minus the labels used. Null when the baseline never reaches it within the budget (then the truth is more
   * than `censoredAbove`).
   */
  readonly truth: number | null;
  readonly censoredAbove: number;
  /** Whether the 95% interval holds the truth; null without an interval. */
  readonly covered: boolean | null;
  /** Whether a stated saving (or no saving) is true; null when nothing was stated. */
  readonly statementTrue: boolean | null;
}

export interface CheckpointValidation {
  readonly labels: number;
  readonly seeds: number;
  readonly statuses: Readonly<Record<LabelsSavedStatus | 'no metric', number>>;
  /** Estimate - truth over the seeds where both are finite: median and the 25th/75th percentiles. */
  readonly error: {
    readonly n: number;
    readonly median: number;
    readonly q25: number;
    readonly q75: number;
  } | null;
  /** Truths inside the 95% interval, over the seeds with an interval. */
  readonly coverage: { readonly covered: number; readonly of: number };
  /** Statements ("saving" or "not saving") that were true, over the seeds with one. */
  readonly statements: { readonly true: number; readonly of: number };
  readonly checks: readonly EstimateCheck[];
}

/**
 * Compares the product's labels-saved estimates made during one arm's runs with what the harness measured:
 * for each seed and checkpoint, the labels the baseline (labeling at random) needs on its seed-mean curve to
 * reach the AUC this run had there. The truth is as fine as the baseline's evaluations (one per batch).
 */
export function validateEstimates(
  runs: readonly { readonly seed: number; readonly estimates: readonly AuditEstimate[] }[],
  baselineMean: readonly CurvePoint[],
): CheckpointValidation[] {
  const lastBaseline = baselineMean.at(-1)?.labels ?? 0;
  const checks = runs.flatMap(({ seed, estimates }) =>
    estimates.map((e): EstimateCheck => {
      const needed = labelsToReach(baselineMean, e.evaluatedAuc);
      const truth = needed === null ? null : needed - e.labels;
      const censoredAbove = lastBaseline - e.labels;
      const saved = e.labelsSaved?.saved ?? null;
      const estimate = { value: saved?.value ?? null, low: saved?.low ?? null, high: saved?.high ?? null };
      const status = e.labelsSaved?.status ?? 'no metric';
      return {
        seed,
        labels: e.labels,
        auditLabels: e.auditLabels,
        status,
        estimate,
        truth,
        censoredAbove,
        covered: saved === null ? null : covers(estimate, truth, censoredAbove),
        statementTrue: statementTrue(status, truth),
      };
    }),
  );
  const checkpoints = [...new Set(checks.map((c) => c.labels))].sort((a, b) => a - b);
  return checkpoints.map((labels) => {
    const at = checks.filter((c) => c.labels === labels);
    const statuses = { saving: 0, 'not-saving': 0, 'not-yet-measurable': 0, 'no metric': 0 };
    for (const c of at) statuses[c.status]++;
    const errors = at.flatMap((c) =>
      c.truth !== null && c.estimate.value !== null ? [c.estimate.value - c.truth] : [],
    );
    const withInterval = at.filter((c) => c.covered !== null);
    const stated = at.filter((c) => c.statementTrue !== null);
    return {
      labels,
      seeds: at.length,
      statuses,
      error:
        errors.length === 0
          ? null
          : {
              n: errors.length,
              median: percentile(errors, 50),
              q25: percentile(errors, 25),
              q75: percentile(errors, 75),
            },
      coverage: { covered: withInterval.filter((c) => c.covered).length, of: withInterval.length },
      statements: { true: stated.filter((c) => c.statementTrue).length, of: stated.length },
      checks: at,
    };
  });
}

/** A censored truth (more than `censoredAbove`) is covered when the interval reaches beyond that bound. */
function covers(
  interval: { readonly low: number | null; readonly high: number | null },
  truth: number | null,
  censoredAbove: number,
): boolean {
  const high = interval.high ?? Infinity;
  if (truth === null) return high > censoredAbove;
  // A null bound means random labeling never reaches the AUC in that draw: an unbounded saving.
  const low = interval.low ?? Infinity;
  return low <= truth && truth <= high;
}

function statementTrue(status: LabelsSavedStatus | 'no metric', truth: number | null): boolean | null {
  if (status === 'saving') return truth === null || truth > 0;
  if (status === 'not-saving') return truth !== null && truth <= 0;
  return null;
}
