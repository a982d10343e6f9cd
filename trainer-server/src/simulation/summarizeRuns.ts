import { areaUnderLearningCurve, aucAtBudget, labelsToReach, savings } from '../evaluation/learningCurve.js';
import type { CurvePoint } from '../evaluation/learningCurve.js';

/** The share of the full-pool AUC that the "labels to reach" targets ask for. */
export const TARGETS = [0.95, 0.98, 0.99] as const;
/** Fixed budgets, as shares of the pool, at which the AUC is reported. */
export const BUDGET_SHARES = [0.05, 0.1, 0.2] as const;

export interface Spread {
  readonly mean: number;
  readonly sd: number;
}

export interface StrategySummary {
  readonly seeds: number;
  /** Area under the learning curve, read as the mean test AUC over the budget. */
  readonly alc: Spread;
  /** Per target: labels to reach it on the seed-mean curve (null if never), and per seed. */
  readonly labelsToReach: Record<
    string,
    { readonly meanCurve: number | null; readonly perSeed: (number | null)[] }
  >;
  /** Per target: 1 - labels(strategy) / labels(random), on the seed-mean curves. */
  readonly savingsVsRandom: Record<string, number | null>;
  /** Per budget share: the AUC over seeds at the last evaluation within that many labels. */
  readonly aucAtBudget: Record<string, Spread & { readonly labels: number }>;
  readonly meanCurve: CurvePoint[];
}

/** Sums up the curves of every strategy (seeds x points), against the full-pool AUC and random. */
export function summarizeRuns(
  curves: Readonly<Record<string, readonly (readonly CurvePoint[])[]>>,
  fullPoolAuc: number,
  poolSize: number,
): Record<string, StrategySummary> {
  const meanCurves = Object.fromEntries(
    Object.entries(curves).map(([name, runs]) => [name, meanCurve(runs)]),
  );
  const randomMean = meanCurves.random;
  return Object.fromEntries(
    Object.entries(curves).map(([name, runs]) => {
      const mean = meanCurves[name]!;
      const reach = Object.fromEntries(
        TARGETS.map((t) => [
          String(t),
          {
            meanCurve: labelsToReach(mean, t * fullPoolAuc),
            perSeed: runs.map((run) => labelsToReach(run, t * fullPoolAuc)),
          },
        ]),
      );
      const saved = Object.fromEntries(
        TARGETS.map((t) => [
          String(t),
          randomMean
            ? savings(labelsToReach(mean, t * fullPoolAuc), labelsToReach(randomMean, t * fullPoolAuc))
            : null,
        ]),
      );
      const atBudget = Object.fromEntries(
        BUDGET_SHARES.map((share) => {
          const labels = Math.round(share * poolSize);
          const values = runs.map((run) => aucAtBudget(run, labels)).filter((v): v is number => v !== null);
          return [String(share), { labels, ...spread(values) }];
        }),
      );
      const summary: StrategySummary = {
        seeds: runs.length,
        alc: spread(runs.map(areaUnderLearningCurve)),
        labelsToReach: reach,
        savingsVsRandom: saved,
        aucAtBudget: atBudget,
        meanCurve: mean,
      };
      return [name, summary];
    }),
  );
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

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: Number.NaN, sd: Number.NaN };
  const m = mean(values);
  const sd =
    values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : 0;
  return { mean: m, sd };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
