import { argMax } from '@aift/selection-core';

/** Classification metrics of a model on a labeled split, as reported in model cards and simulations. */
export interface ClassificationMetrics {
  /** Binary: ROC AUC of class 1. More classes: the macro average of one-vs-rest AUCs. */
  readonly auc: number;
  readonly accuracy: number;
  /** Two classes only: recall of class 1 and of class 0. */
  readonly sensitivity?: number;
  readonly specificity?: number;
}

/**
 * Metrics from class probabilities (count x classes, row-major) and true labels. Classes absent from the
 * labels are left out of the macro AUC; with fewer than two classes present the AUC is undefined (NaN).
 */
export function classificationMetrics(
  probabilities: Float32Array | Float64Array,
  labels: Int32Array,
  classes: number,
): ClassificationMetrics {
  const count = labels.length;
  if (probabilities.length !== count * classes) {
    throw new RangeError(`probabilities hold ${probabilities.length} values, expected ${count} x ${classes}`);
  }
  let correct = 0;
  const confusion = new Float64Array(classes * classes);
  for (let i = 0; i < count; i++) {
    const best = argMax(probabilities, i * classes, classes);
    if (best === labels[i]) correct++;
    confusion[labels[i]! * classes + best]!++;
  }
  const aucs: number[] = [];
  for (let k = classes === 2 ? 1 : 0; k < classes; k++) {
    const scores = Float64Array.from({ length: count }, (_, i) => probabilities[i * classes + k]!);
    const auc = rocAuc(scores, (i) => labels[i] === k);
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  const metrics = {
    auc: aucs.length ? aucs.reduce((a, b) => a + b, 0) / aucs.length : Number.NaN,
    accuracy: count ? correct / count : Number.NaN,
  };
  if (classes !== 2) return metrics;
  const recall = (k: number) => confusion[k * 2 + k]! / (confusion[k * 2]! + confusion[k * 2 + 1]!);
  return { ...metrics, sensitivity: recall(1), specificity: recall(0) };
}

/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random
 * negative, ties counting one half. NaN when either class is missing.
 */
export function rocAuc(scores: Float64Array, isPositive: (i: number) => boolean): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1; // average 1-based rank of a run of ties
    for (let r = start; r <= end; r++) {
      if (isPositive(order[r]!)) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
