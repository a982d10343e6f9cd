import type { ModelListDto } from '../../../trainer-server/src/api/schemas/index.js';
import type { CurvePoint } from './types.js';

/** What the curve reads of a version's model card: how many labels trained it. */
export interface CardTraining {
  readonly training?: { readonly labeledPerClass?: readonly number[] };
}

/**
 * The learning curve: one point per published version, oldest first, with its held-out AUC (accuracy when
 * the AUC is undefined) and the number of labels it was trained on (from its card).
 */
export function learningCurve(models: ModelListDto, cards: ReadonlyMap<string, CardTraining>): CurvePoint[] {
  return models.versions.map((v) => {
    const [metricName, metric] = pickMetric(v.metrics);
    const perClass = cards.get(v.version)?.training?.labeledPerClass ?? [];
    return {
      version: v.version,
      createdAt: v.createdAt,
      labeled: perClass.reduce((a, b) => a + b, 0),
      metric,
      metricName,
    };
  });
}

function pickMetric(metrics: Readonly<Record<string, unknown>>): [string, number | null] {
  for (const name of ['auc', 'accuracy']) {
    const value = metrics[name];
    if (typeof value === 'number' && Number.isFinite(value)) return [name, value];
  }
  return ['auc', null];
}
