import type { ModelCard } from '../engine/modelCard.js';
import type { AuditedMetrics } from '../evaluation/auditedMetrics.js';
import { notYetMeasurable } from '../evaluation/labelsSaved.js';
import type { LabelsSavedEstimate } from '../evaluation/labelsSaved.js';
import type { Actor, ModelVersion, Store } from '../store/ports.js';
import { isBlinded } from './blindReview.js';

export interface ProgressServiceOptions {
  readonly store: Pick<Store, 'consensus' | 'models' | 'auditSample'>;
  /** `project.blindReview`: annotators get nothing derived from other annotators' votes. */
  readonly blindReview: boolean;
  /** `project.readsPerCase`: a case is in the queue until it has this many class votes. */
  readonly readsPerCase: number;
}

/** One published version on the learning curve: the wire's LearningCurvePointDto, its time still a Date. */
export interface LearningCurvePoint {
  readonly version: string;
  readonly createdAt: Date;
  readonly trainingLabels: number;
  readonly coldStart: boolean;
  readonly metrics: AuditedMetrics | null;
  readonly metricsUnavailable: string | null;
  readonly labelsSaved: LabelsSavedEstimate | null;
}

/** How far the project's labeling is, as one viewer may see it. */
export interface ProjectProgress {
  readonly candidates: number;
  /** Candidates with at least one class vote or an adjudication. */
  readonly labeled: number;
  /** Candidates still short of their reads. */
  readonly inQueue: number;
  readonly readsPerCase: number;
  /** Share of multiply-labeled candidates whose votes agree; null when none is, or when hidden from the viewer. */
  readonly agreementRate: number | null;
  readonly audit: { readonly drawn: number; readonly labeled: number };
  readonly learningCurve: readonly LearningCurvePoint[];
  /** The latest version's estimate, or why there is none. */
  readonly labelsSaved: LabelsSavedEstimate;
}

/** The labeling panel's counts and learning curve; under blind review an annotator's view leaves out agreement. */
export class ProgressService {
  readonly #o: ProgressServiceOptions;

  constructor(options: ProgressServiceOptions) {
    this.#o = options;
  }

  of(viewer: Actor): ProjectProgress {
    const { store, readsPerCase } = this.#o;
    const { candidates, labeled, complete, agreementRate } = store.consensus.counts(readsPerCase);
    // With few doubly read cases the rate tells a reader whether colleagues read theirs the same way.
    const blind = isBlinded({ actor: viewer, blindReview: this.#o.blindReview });
    const sample = store.auditSample.list();
    const learningCurve = store.models.list().map(learningCurvePoint);
    return {
      candidates,
      labeled,
      inQueue: candidates - complete,
      readsPerCase,
      agreementRate: blind ? null : agreementRate,
      // The audit's few cases are looked up one by one: no second read of every vote after counts().
      audit: {
        drawn: sample.length,
        labeled: sample.filter((m) => store.consensus.of(m.candidateId).value !== null).length,
      },
      learningCurve,
      labelsSaved: latestEstimate(learningCurve, store.models.latest()?.version),
    };
  }
}

/** What a version's card says of its training and its audited metrics. */
function learningCurvePoint(model: ModelVersion): LearningCurvePoint {
  const card = model.modelCard as unknown as Partial<ModelCard>;
  const base = {
    version: model.version,
    createdAt: model.createdAt,
    trainingLabels: (card.training?.labeledPerClass ?? []).reduce((a, b) => a + b, 0),
    coldStart: card.coldStart !== undefined && card.coldStart !== null,
  };
  const metrics = card.metrics ?? null;
  if (metrics !== null && metrics.split !== 'audit') {
    // Cards published before the audit measured models on a share of worklist labels: a biased measure.
    return {
      ...base,
      metrics: null,
      metricsUnavailable:
        'measured on held-out worklist cases, which are biased towards hard ones: not shown',
      labelsSaved: null,
    };
  }
  return {
    ...base,
    metrics,
    metricsUnavailable: card.metricsUnavailable ?? null,
    labelsSaved: card.labelsSaved ?? null,
  };
}

/** The estimate of the version readers are served, or why it has none. */
function latestEstimate(
  curve: readonly LearningCurvePoint[],
  latest: string | undefined,
): LabelsSavedEstimate {
  const point = curve.find((p) => p.version === latest);
  if (point?.labelsSaved) return point.labelsSaved;
  const why =
    point === undefined
      ? 'no model yet'
      : point.coldStart
        ? 'the first model is untrained'
        : `no audited metric yet: ${point.metricsUnavailable ?? 'unknown'}`;
  return notYetMeasurable(why, point?.trainingLabels ?? 0, point?.metrics?.images ?? 0);
}
