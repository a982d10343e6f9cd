import type { ProgressDto } from '@aift/contract';
import type { CurvePoint } from './types.js';

/**
 * The learning curve as GET /api/progress gives it: one point per published version, oldest first, with its
 * AUC on the blind audit sample and that AUC's 95% interval, or why it has none yet, against the labels that
 * trained it.
 */
export function learningCurve(progress: Pick<ProgressDto, 'learningCurve'>): CurvePoint[] {
  return progress.learningCurve.map((point) => ({
    version: point.version,
    createdAt: point.createdAt,
    labeled: point.trainingLabels,
    coldStart: point.coldStart,
    metricName: 'AUC',
    metric: point.metrics?.auc ?? null,
    interval: point.metrics ? point.metrics.intervals.auc : null,
    auditImages: point.metrics?.images ?? 0,
    unavailable: point.metricsUnavailable,
  }));
}
