import type { AugmentationPlan, ModelInputFit, ScoringRule } from '@aift/selection-core';
import type { InputPreprocessing } from './baseModel/baseModelDescription.js';
import type { HeadOptions } from './head/createHead.js';
import type { ContinualStrategy, TrainingSet } from './continual/trainingSet.js';
import type { OnnxIoSpec } from './onnx/onnxIoSpec.js';
import type { AuditedMetrics } from '../evaluation/auditedMetrics.js';
import type { LabelsSavedEstimate } from '../evaluation/labelsSaved.js';

/**
 * What a published model is and how it came to be, stored beside its ONNX file. The viewer reads it to
 * prepare pixels exactly as the trainer did (preprocessing, augmentation plan); people read it to judge
 * the model (training data, metrics, lineage).
 */
export interface ModelCard {
  readonly schema: 'aift-model-card/1';
  readonly version: string;
  readonly parentVersion: string | null;
  readonly createdAt: string;
  readonly classes: readonly string[];
  readonly onnx: OnnxIoSpec;
  readonly preprocessing: {
    /** The shared selection-core steps, in order, that turn a DICOM frame into the `image` input. */
    readonly pipeline: readonly string[];
    readonly fit: ModelInputFit;
    readonly inputSize: number;
    /** What the backbone expects of its input (value range, channel order). */
    readonly backbone: InputPreprocessing;
  };
  readonly augmentationPlan: AugmentationPlan;
  /**
   * How the server turns this model's patch predictions into worthiness (selection-core's createScoring);
   * the viewer applies the same rule to the image on screen. A cold-start version ranks its worklist by
   * `coldStart` instead, so its stored worthiness differs from the rule's.
   */
  readonly scoring: ScoringRule;
  /** How the cold-start version (round 0, nothing learned) ranked the pool; null for trained versions. */
  readonly coldStart: ColdStartRule | null;
  readonly backbone: {
    readonly version: string;
    readonly embeddingSize: number;
    readonly provenance: string;
  };
  readonly head: HeadOptions;
  readonly training: {
    readonly continualStrategy: ContinualStrategy;
    readonly round: number;
    readonly backend: string;
    readonly epochs: number;
    readonly batchSize: number;
    readonly learningRate: number;
    readonly l2: number;
    readonly classWeighting: 'balanced' | 'none';
    readonly seed: number;
    readonly labeledPerClass: readonly number[];
    readonly trainingSet: TrainingSet['counts'];
    readonly epochLosses: readonly number[];
  };
  /**
   * Measured on the blind audit sample's labels (cases drawn uniformly at random from the unlabeled pool,
   * never trained on), with 95% intervals; null while there are too few of them, with why in
   * `metricsUnavailable`.
   */
  readonly metrics: AuditedMetrics | null;
  readonly metricsUnavailable: string | null;
  /** Labels saved against random labeling, estimated on the audit sample; null without audited metrics. */
  readonly labelsSaved: LabelsSavedEstimate | null;
}

/** The first worklist's order, before any label: robust k-center on the backbone's embeddings. */
export interface ColdStartRule {
  readonly method: 'robust-kcenter';
  /** The most isolated share of the pool, ranked last instead of first. */
  readonly outlierShare: number;
}

/** The preprocessing steps every model card names, as implemented in @aift/selection-core. */
export const PREPROCESSING_PIPELINE = [
  'dicomFrameToImagePlane: stored values -> modality LUT -> VOI window (or min/max) -> MONOCHROME1 inversion -> [0, 1]',
  'toModelInput: square at the backbone input size (letterbox or crop), bilinear at pixel centres, grey to 3 channels',
  'extractPatches: the augmentation plan, patch 0 being the plain image',
] as const;
