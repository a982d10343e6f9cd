import { z } from 'zod';
import { IsoDate } from './common.js';

const IntervalSchema = z.object({ low: z.number(), high: z.number() });

/** A version measured on the blind audit sample: point estimates with 95% intervals. */
export const AuditedMetricsSchema = z.object({
  split: z.literal('audit'),
  /** Audit labels it was measured on, in all and per class (the project's class order). */
  images: z.int(),
  perClass: z.array(z.int()).readonly(),
  auc: z.number(),
  accuracy: z.number(),
  /** Sensitivity per class (for two classes: [specificity, sensitivity]). */
  recall: z.array(z.number()).readonly(),
  intervals: z.object({
    auc: IntervalSchema,
    accuracy: IntervalSchema,
    recall: z.array(IntervalSchema).readonly(),
  }),
  intervalMethod: z.string(),
});

const CountEstimateSchema = z.object({
  value: z.int().nullable(),
  low: z.int().nullable(),
  high: z.int().nullable(),
});

/** Labels saved against labeling at random, estimated on the audit sample (docs/method.md). */
export const LabelsSavedSchema = z.object({
  /** `saving` and `not-saving` only when the 95% interval says so. */
  status: z.enum(['saving', 'not-saving', 'not-yet-measurable']),
  /** One sentence, as the panel shows it. */
  statement: z.string(),
  usedLabels: z.int(),
  auditLabels: z.int(),
  /** Random labels the same learner needs for the model's audited AUC; null bounds are "no bound". */
  randomLabels: CountEstimateSchema.nullable(),
  /** randomLabels - usedLabels. */
  saved: CountEstimateSchema.nullable(),
  method: z.string(),
});

/** One published version on the learning curve. */
export const LearningCurvePointSchema = z.object({
  version: z.string(),
  createdAt: IsoDate,
  /** Consensus labels that trained it (audit labels never do). */
  trainingLabels: z.int(),
  /** The cold-start version: the pre-trained backbone with an untrained head, ranked by its method. */
  coldStart: z.boolean(),
  /** Its card's audited metrics; null while there were too few audit labels, with why in `metricsUnavailable`. */
  metrics: AuditedMetricsSchema.nullable(),
  metricsUnavailable: z.string().nullable(),
  /** Its card's estimate; null without audited metrics. */
  labelsSaved: LabelsSavedSchema.nullable(),
});

/** The labeling panel's counts and the project's learning curve. */
export const ProgressSchema = z.object({
  /** Registered candidates in the pool. */
  candidates: z.int(),
  /** Candidates with at least one class vote or an adjudication. */
  labeled: z.int(),
  /** Candidates still short of `readsPerCase` class votes and not adjudicated. */
  inQueue: z.int(),
  /** `project.readsPerCase`: class votes a case needs. */
  readsPerCase: z.int(),
  /**
   * Share of multiply-labeled candidates whose votes agree; null when none is labeled twice, or for an
   * annotator under `project.blindReview` (it would tell them how colleagues read the same cases).
   */
  agreementRate: z.number().nullable(),
  /** The blind random audit: cases drawn so far and how many of them have a consensus label. */
  audit: z.object({ drawn: z.int(), labeled: z.int() }),
  /** Every published version, oldest first. */
  learningCurve: z.array(LearningCurvePointSchema),
  /** The latest version's estimate, or why there is none yet. */
  labelsSaved: LabelsSavedSchema,
});

export type AuditedMetricsDto = z.infer<typeof AuditedMetricsSchema>;
export type LabelsSavedDto = z.infer<typeof LabelsSavedSchema>;
export type LearningCurvePointDto = z.infer<typeof LearningCurvePointSchema>;
export type ProgressDto = z.infer<typeof ProgressSchema>;
