import type { ContinualLearner, PatchEmbeddings } from '../engine/continual/ContinualLearner.js';
import type { LabeledCandidate } from '../engine/continual/trainingSet.js';
import type { AuditMeasurement } from '../evaluation/auditedMetrics.js';
import { estimateLabelsSaved } from '../evaluation/labelsSaved.js';
import type { LabelsSavedEstimate } from '../evaluation/labelsSaved.js';
import { measureOnAudit } from './auditMetrics.js';
import type { NoAuditMetric } from './auditMetrics.js';
import { randomLearningCurve } from './randomLearningCurve.js';

export interface MeasureAgainstRandomOptions {
  /** The model to measure, already trained on `usedLabels` worklist labels. */
  readonly learner: Pick<ContinualLearner, 'predict'>;
  /** The audit labels so far: a uniform random sample of the pool that never trained the model. */
  readonly audit: readonly LabeledCandidate[];
  readonly embeddingsOf: PatchEmbeddings;
  readonly classes: readonly string[];
  readonly usedLabels: number;
  /** Below this many audit labels (or with a class missing) there is no metric and no estimate. */
  readonly minAuditLabels: number;
  /** A fresh learner as the product trains it, for random labeling replayed on the audit sample. */
  readonly newLearner: (seed: number) => ContinualLearner;
  readonly seed: number;
  readonly signal?: AbortSignal;
}

export interface MeasuredAgainstRandom {
  readonly measured: AuditMeasurement | NoAuditMetric;
  /** Null when there is no audited metric to compare random labeling with. */
  readonly labelsSaved: LabelsSavedEstimate | null;
}

/**
 * What a version's model card states about the model: its metrics on the audit labels, and the labels it
 * saved against random labeling (docs/method.md). The trainer calls it for every version and the simulation
 * harness at its checkpoints, so the estimate the harness validates is the one the product publishes.
 */
export async function measureAgainstRandom(
  options: MeasureAgainstRandomOptions,
): Promise<MeasuredAgainstRandom> {
  const { learner, audit, embeddingsOf, classes, seed } = options;
  const measured = measureOnAudit(learner, audit, embeddingsOf, classes, options.minAuditLabels, seed);
  if ('reason' in measured) return { measured, labelsSaved: null };
  const samples = await randomLearningCurve({
    audit,
    embeddingsOf,
    classes: classes.length,
    newLearner: options.newLearner,
    seed,
    ...(options.signal && { signal: options.signal }),
  });
  const labelsSaved = estimateLabelsSaved({
    samples,
    usedLabels: options.usedLabels,
    auditLabels: audit.length,
    auc: measured.metrics.auc,
    aucResamples: measured.aucResamples,
    seed,
  });
  return { measured, labelsSaved };
}
