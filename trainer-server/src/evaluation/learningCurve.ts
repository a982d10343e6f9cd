/** One evaluation of the model after `labels` labels were spent. */
export interface CurvePoint {
  readonly labels: number;
  readonly auc: number;
  readonly accuracy: number;
}

/**
 * Area under the learning curve (AUC against labels, trapezoids) from the first evaluation with labels to
 * the last, divided by that label range so it reads as the mean AUC over the budget. The evaluation at zero
 * labels is left out: it measures the head's random initialisation (anywhere from 0.1 to 0.7 on the same
 * data), which differs by seed, not by strategy, and would only add noise to the comparison.
 */
export function areaUnderLearningCurve(all: readonly CurvePoint[]): number {
  const curve = all.filter((p) => p.labels > 0);
  if (curve.length < 2) return curve[0]?.auc ?? Number.NaN;
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    area += ((a.auc + b.auc) / 2) * (b.labels - a.labels);
  }
  return area / (curve.at(-1)!.labels - curve[0]!.labels);
}

/** The fewest labels after which the curve's AUC reaches `target`; null when it never does. */
export function labelsToReach(curve: readonly CurvePoint[], target: number): number | null {
  return curve.find((p) => p.auc >= target)?.labels ?? null;
}

/** 1 - labels(strategy) / labels(random): the share of labels saved; null when either never reached. */
export function savings(labels: number | null, randomLabels: number | null): number | null {
  if (labels === null || randomLabels === null || randomLabels === 0) return null;
  return 1 - labels / randomLabels;
}

/**
 * The AUC at a fixed budget: the last evaluation made with at most `budget` labels; null when the curve
 * stops before the budget (a run that never spent that many labels says nothing about it).
 */
export function aucAtBudget(curve: readonly CurvePoint[], budget: number): number | null {
  if ((curve.at(-1)?.labels ?? -1) < budget) return null;
  let found: number | null = null;
  for (const p of curve) if (p.labels <= budget) found = p.auc;
  return found;
}
