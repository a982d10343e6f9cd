import { argMax, createRng } from '@aift/selection-core';
import { classificationMetrics } from './metrics.js';
import { percentile } from './percentile.js';
import type { ClassificationMetrics } from './metrics.js';

/** A 95% interval around a point estimate. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * A model measured on the blind audit sample: point estimates, each with its 95% interval, and what they
 * rest on. `recall[k]` is the sensitivity for class k (for two classes, recall[1] is the sensitivity and
 * recall[0] the specificity).
 */
export interface AuditedMetrics extends ClassificationMetrics {
  readonly split: 'audit';
  readonly images: number;
  /** Audit labels per class, in the project's class order. */
  readonly perClass: readonly number[];
  readonly recall: readonly number[];
  readonly intervals: {
    readonly auc: Interval;
    readonly accuracy: Interval;
    readonly recall: readonly Interval[];
  };
  /** How the intervals were made, in words. */
  readonly intervalMethod: string;
}

export const BOOTSTRAP_RESAMPLES = 2000;

/** The metrics, and the AUC of each bootstrap resample (for estimates that carry its uncertainty on). */
export interface AuditMeasurement {
  readonly metrics: AuditedMetrics;
  readonly aucResamples: Float64Array;
}

/**
 * Metrics of class probabilities (count x classes, row-major) against the audit labels, with 95% percentile
 * intervals from a bootstrap stratified by class (each resample keeps every class's count, so the AUC is
 * always defined). Seeded: the same inputs give the same intervals. Needs every class present.
 */
export function auditedMetrics(
  probabilities: Float32Array | Float64Array,
  labels: Int32Array,
  classes: number,
  seed = 0,
): AuditMeasurement {
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  labels.forEach((label, i) => byClass[label]!.push(i));
  const missing = byClass.findIndex((members) => members.length === 0);
  if (missing >= 0) throw new RangeError(`class ${missing} has no audit label: no metric can be measured`);

  const measure = (rows: ArrayLike<number>) => {
    const p = new Float64Array(rows.length * classes);
    const y = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      y[r] = labels[i]!;
      for (let k = 0; k < classes; k++) p[r * classes + k] = probabilities[i * classes + k]!;
    }
    return { ...classificationMetrics(p, y, classes), recall: recallPerClass(p, y, classes) };
  };
  const point = measure(Array.from(labels.keys()));
  const rng = createRng(seed);
  const samples = {
    auc: [] as number[],
    accuracy: [] as number[],
    recall: byClass.map(() => [] as number[]),
  };
  const rows = new Int32Array(labels.length);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let r = 0;
    for (const members of byClass) {
      for (let j = 0; j < members.length; j++) rows[r++] = members[Math.floor(rng.next() * members.length)]!;
    }
    const m = measure(rows);
    samples.auc.push(m.auc);
    samples.accuracy.push(m.accuracy);
    m.recall.forEach((value, k) => samples.recall[k]!.push(value));
  }
  const metrics: AuditedMetrics = {
    ...point,
    split: 'audit',
    images: labels.length,
    perClass: byClass.map((members) => members.length),
    intervals: {
      auc: percentileInterval(samples.auc),
      accuracy: percentileInterval(samples.accuracy),
      recall: samples.recall.map(percentileInterval),
    },
    intervalMethod: `95% percentile bootstrap, ${BOOTSTRAP_RESAMPLES} resamples stratified by class`,
  };
  return { metrics, aucResamples: Float64Array.from(samples.auc) };
}

/** Each class's recall (sensitivity): the share of its images predicted as it. */
function recallPerClass(probabilities: Float64Array, labels: Int32Array, classes: number): number[] {
  const hits = new Float64Array(classes);
  const totals = new Float64Array(classes);
  labels.forEach((label, i) => {
    totals[label]!++;
    if (argMax(probabilities, i * classes, classes) === label) hits[label]!++;
  });
  return Array.from(totals, (total, k) => hits[k]! / total);
}

/** The 2.5th and 97.5th percentiles. */
function percentileInterval(values: readonly number[]): Interval {
  return { low: percentile(values, 2.5), high: percentile(values, 97.5) };
}
