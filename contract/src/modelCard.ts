// The model card: what a published model is and how it came to be, stored beside its ONNX file as
// model-card.json. The trainer writes it (engine/modelCard.ts is its z.infer); the viewer parses it with
// this schema to prepare pixels exactly as the trainer did; people read it to judge the model.
import { z } from 'zod';
import { IsoDate } from './api/common.js';
import { AuditedMetricsSchema, LabelsSavedSchema } from './api/progress.js';

/**
 * What a graph input or output is for. The viewer finds its tensors by role, not by name, so a graph may
 * name them as it likes (the card says which name plays which role).
 */
export const OnnxTensorRoleSchema = z.enum(['image', 'probabilities', 'embedding', 'cellProbabilities']);

/**
 * One graph input or output. A string dimension is symbolic (`batch`). Cards written before roles named
 * each tensor by its role instead.
 */
export const OnnxTensorSpecSchema = z.object({
  name: z.string(),
  role: OnnxTensorRoleSchema.optional(),
  dtype: z.literal('float32'),
  shape: z.array(z.union([z.int(), z.string()])).readonly(),
  description: z.string(),
});

export const OnnxIoSpecSchema = z.object({
  opset: z.int(),
  inputs: z.array(OnnxTensorSpecSchema).readonly(),
  outputs: z.array(OnnxTensorSpecSchema).readonly(),
});

/** What the backbone expects of its input: `pixel * scale + offset` for pixels 0..255, channel order. */
export const BackbonePreprocessingSchema = z.object({
  channelOrder: z.enum(['RGB', 'BGR']),
  scale: z.number(),
  offset: z.number(),
  /** The range that `pixel * scale + offset` spans, stated for readers. */
  valueRange: z.tuple([z.number(), z.number()]).readonly(),
  resize: z.string(),
});

/** One augmented patch (selection-core's PatchTransform). */
export const PatchTransformSchema = z.object({
  scale: z.number(),
  dx: z.number(),
  dy: z.number(),
  flip: z.boolean(),
  rot90: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
});

/** How the server turns patch predictions into worthiness (selection-core's ScoringRule). */
export const ScoringRuleSchema = z.object({
  /** A name in selection-core's strategy registry; a reader checks it against the registry it runs. */
  strategy: z.string(),
  alpha: z.number(),
  seed: z.number(),
});

/** The first worklist's order, before any label: robust k-center on the backbone's embeddings. */
export const ColdStartRuleSchema = z.object({
  method: z.literal('robust-kcenter'),
  /** The most isolated share of the pool, ranked last instead of first. */
  outlierShare: z.number(),
});

/**
 * Cards written before the blind audit measured on held-out worklist cases (no `split: 'audit'`): a biased
 * measure, read as no metrics.
 */
const CardMetricsSchema = z.preprocess(
  (metrics) =>
    typeof metrics === 'object' && metrics !== null && (metrics as { split?: unknown }).split !== 'audit'
      ? null
      : metrics,
  AuditedMetricsSchema.nullable(),
);

export const ModelCardSchema = z.object({
  schema: z.literal('aift-model-card/1'),
  version: z.string(),
  parentVersion: z.string().nullable(),
  createdAt: IsoDate,
  classes: z.array(z.string()).min(2).readonly(),
  onnx: OnnxIoSpecSchema,
  preprocessing: z.object({
    /** The shared selection-core steps, in order, that turn a DICOM frame into the image input. */
    pipeline: z.array(z.string()).readonly(),
    fit: z.enum(['letterbox', 'crop']),
    inputSize: z.int().min(1),
    backbone: BackbonePreprocessingSchema,
  }),
  augmentationPlan: z.object({
    name: z.string(),
    transforms: z.array(PatchTransformSchema).min(1).readonly(),
  }),
  /**
   * The viewer applies the same rule to the image on screen. A cold-start version ranks its worklist by
   * `coldStart` instead, so its stored worthiness differs from the rule's.
   */
  scoring: ScoringRuleSchema,
  /** How the cold-start version (round 0, nothing learned) ranked the pool; null for trained versions. */
  coldStart: ColdStartRuleSchema.nullable().default(null),
  backbone: z.object({ version: z.string(), embeddingSize: z.int(), provenance: z.string() }),
  head: z.object({ inputSize: z.int(), classes: z.int(), hiddenUnits: z.int(), seed: z.number() }),
  training: z.object({
    continualStrategy: z.enum(['HQ', 'LQ', 'scratch']),
    round: z.int(),
    backend: z.string(),
    epochs: z.int(),
    batchSize: z.int(),
    learningRate: z.number(),
    l2: z.number(),
    classWeighting: z.enum(['balanced', 'none']),
    seed: z.number(),
    labeledPerClass: z.array(z.int()).readonly(),
    /** |H|, |Q| and how many of the earlier labels were used. */
    trainingSet: z.object({ hard: z.int(), new: z.int(), previous: z.int() }),
    epochLosses: z.array(z.number()).readonly(),
  }),
  /**
   * Measured on the blind audit sample's labels, with 95% intervals; null while there are too few of them,
   * with why in `metricsUnavailable`.
   */
  metrics: CardMetricsSchema,
  metricsUnavailable: z.string().nullable().default(null),
  /** Labels saved against random labeling, estimated on the audit sample; null without audited metrics. */
  labelsSaved: LabelsSavedSchema.nullable().default(null),
});

export type ModelCard = z.infer<typeof ModelCardSchema>;
export type ColdStartRule = z.infer<typeof ColdStartRuleSchema>;
export type OnnxTensorRole = z.infer<typeof OnnxTensorRoleSchema>;
