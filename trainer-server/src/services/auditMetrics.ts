import { meanProbabilities } from '@aift/selection-core';
import type { ContinualLearner, PatchEmbeddings } from '../engine/continual/ContinualLearner.js';
import type { LabeledCandidate } from '../engine/continual/trainingSet.js';
import { auditedMetrics } from '../evaluation/auditedMetrics.js';
import type { AuditMeasurement } from '../evaluation/auditedMetrics.js';

/**
 * Ten audit labels with both classes before a version's card carries a metric: fewer make an interval
 * so wide that it says nothing (with 10, a bootstrap AUC interval is still about +-0.2).
 */
export const DEFAULT_MIN_AUDIT_LABELS = 10;

/** Why a model has no audited metric yet, in words a reader of the panel understands. */
export interface NoAuditMetric {
  readonly reason: string;
}

/**
 * A model measured on the blind audit sample's labels, each image predicted as the viewer shows it (mean over
 * the plan's patches), or why it cannot be yet: fewer than `minImages` audit labels, or a class none of them
 * has. The audit labels never trained the model (TrainingService keeps them out), so the measure is unbiased.
 */
export function measureOnAudit(
  learner: Pick<ContinualLearner, 'predict'>,
  audit: readonly LabeledCandidate[],
  embeddingsOf: PatchEmbeddings,
  classes: readonly string[],
  minImages: number,
  seed: number,
): AuditMeasurement | NoAuditMetric {
  if (audit.length < minImages) {
    return { reason: `${audit.length} audit labels so far; a metric needs ${minImages}` };
  }
  const absent = classes.filter((_, k) => !audit.some((c) => c.label === k));
  if (absent.length > 0) {
    return { reason: `no audit label of ${absent.map((c) => `'${c}'`).join(', ')} yet` };
  }
  const predictions = learner.predict(
    audit.map((c) => c.index),
    embeddingsOf,
  );
  const labels = Int32Array.from(audit, (c) => c.label);
  return auditedMetrics(meanProbabilities(predictions), labels, classes.length, seed);
}
