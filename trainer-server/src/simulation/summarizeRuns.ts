import { areaUnderLearningCurve, aucAtBudget, labelsToReach, savings } from '../evaluation/learningCurve.js';
import type { CurvePoint } from '../evaluation/learningCurve.js';
import { compareWithBaseline } from './compareWithBaseline.js';
import type { Comparison } from './compareWithBaseline.js';
import { mean, spread } from './spread.js';
import type { Spread } from './spread.js';

/** The share of the full-pool AUC that the "labels to reach" targets ask for. */
export const TARGETS = [0.95, 0.98, 0.99] as const;
/** Fixed budgets, as shares of the pool, at which the AUC is reported. */
export const BUDGET_SHARES = [0.05, 0.1, 0.2] as const;

export interface StrategySummary {
  readonly seeds: number;
  /** Area under the learning curve, read as the mean test AUC over the budget. */
  readonly alc: Spread;
  /** Per target: labels to reach it on the seed-mean curve (null if never), and per seed. */
  readonly labelsToReach: Record<
    string,
    { readonly meanCurve: number | null; readonly perSeed: (number | null)[] }
  >;
  /** Per target: 1 - labels(arm) / labels(baseline), on the seed-mean curves. */
  readonly savingsVsBaseline: Record<string, number | null>;
  /** ALC and labels to each target against the baseline, seed by seed. */
  readonly versusBaseline: {
    readonly alc: Comparison;
    readonly labelsToReach: Record<string, Comparison>;
  };
  /** Per budget share: the AUC over seeds at the last evaluation within that many labels. */
  readonly aucAtBudget: Record<string, Spread & { readonly labels: number }>;
  readonly meanCurve: CurvePoint[];
}

/** Sums up the curves of every arm (seeds x points), against the full-pool AUC and the baseline arm. */
export function summarizeRuns(
  curves: Readonly<Record<string, readonly (readonly CurvePoint[])[]>>,
  fullPoolAuc: number,
  poolSize: number,
  baseline: string,
): Record<string, StrategySummary> {
  const baselineRuns = curves[baseline];
  if (!baselineRuns) throw new RangeError(`no curves for the baseline "${baseline}"`);
  const meanCurves = Object.fromEntries(
    Object.entries(curves).map(([name, runs]) => [name, meanCurve(runs)]),
  );
  const baselineMean = meanCurves[baseline]!;
  const reachPerSeed = (runs: readonly (readonly CurvePoint[])[], t: number) =>
    runs.map((run) => labelsToReach(run, t * fullPoolAuc));
  // No arm can reach a target with fewer labels than its first evaluation with labels.
  const fewestLabels = firstLabeledEvaluation(baselineRuns);
  return Object.fromEntries(
    Object.entries(curves).map(([name, runs]) => {
      const armMean = meanCurves[name]!;
      const reach = Object.fromEntries(
        TARGETS.map((t) => [
          String(t),
          {
            meanCurve: labelsToReach(armMean, t * fullPoolAuc),
            perSeed: reachPerSeed(runs, t),
          },
        ]),
      );
      const saved = Object.fromEntries(
        TARGETS.map((t) => [
          String(t),
          savings(labelsToReach(armMean, t * fullPoolAuc), labelsToReach(baselineMean, t * fullPoolAuc)),
        ]),
      );
      const atBudget = Object.fromEntries(
        BUDGET_SHARES.map((share) => {
          const labels = Math.round(share * poolSize);
          const values = runs.map((run) => aucAtBudget(run, labels)).filter((v): v is number => v !== null);
          return [String(share), { labels, ...spread(values) }];
        }),
      );
      const alcPerSeed = runs.map(areaUnderLearningCurve);
      const summary: StrategySummary = {
        seeds: runs.length,
        alc: spread(alcPerSeed),
        labelsToReach: reach,
        savingsVsBaseline: saved,
        versusBaseline: {
          alc: compareWithBaseline(alcPerSeed, baselineRuns.map(areaUnderLearningCurve), true),
          labelsToReach: Object.fromEntries(
            TARGETS.map((t) => [
              String(t),
              compareWithBaseline(reachPerSeed(runs, t), reachPerSeed(baselineRuns, t), false, fewestLabels),
            ]),
          ),
        },
        aucAtBudget: atBudget,
        meanCurve: armMean,
      };
      return [name, summary];
    }),
  );
}

function firstLabeledEvaluation(runs: readonly (readonly CurvePoint[])[]): number | undefined {
  const counts = runs.flatMap((run) => run.map((p) => p.labels)).filter((n) => n > 0);
  return counts.length > 0 ? Math.min(...counts) : undefined;
}

/** Point-wise mean over seeds; every seed of a strategy evaluates at the same label counts. */
export function meanCurve(runs: readonly (readonly CurvePoint[])[]): CurvePoint[] {
  const first = runs[0] ?? [];
  return first.map((p, i) => ({
    labels: p.labels,
    auc: mean(runs.map((run) => run[i]?.auc ?? Number.NaN)),
    accuracy: mean(runs.map((run) => run[i]?.accuracy ?? Number.NaN)),
  }));
}
