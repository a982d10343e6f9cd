import type { ScoringRule } from '@aift/selection-core';
import type * as tf from '@tensorflow/tfjs';
import type { RoundReport } from '../engine/continual/ContinualLearner.js';
import type { ContinualStrategy } from '../engine/continual/trainingSet.js';
import type { HeadOptions } from '../engine/head/createHead.js';
import type { HeadTraining } from '../engine/head/trainHead.js';
import { PREPROCESSING_PIPELINE } from '../engine/modelCard.js';
import type { ModelCard } from '../engine/modelCard.js';
import { classifierIoSpec } from '../engine/onnx/index.js';
import type { CandidateEmbedder } from './CandidateEmbedder.js';

export interface ModelCardFacts {
  readonly version: string;
  readonly parentVersion: string | null;
  readonly createdAt: Date;
  readonly classes: readonly string[];
  readonly embedder: CandidateEmbedder;
  readonly head: tf.LayersModel;
  readonly headOptions: HeadOptions;
  readonly training: Omit<HeadTraining, 'rng'>;
  readonly continualStrategy: ContinualStrategy;
  readonly backend: string;
  readonly seed: number;
  readonly labeledPerClass: readonly number[];
  readonly round: RoundReport;
  readonly metrics: ModelCard['metrics'];
  readonly metricsUnavailable: ModelCard['metricsUnavailable'];
  readonly labelsSaved: ModelCard['labelsSaved'];
  readonly scoring: ScoringRule;
  readonly coldStart: ModelCard['coldStart'];
}

/** The card published beside a trained classifier: everything the viewer and a reviewer need to know. */
export function buildModelCard(facts: ModelCardFacts): ModelCard {
  const { embedder, training } = facts;
  const { description } = embedder.backbone;
  return {
    schema: 'aift-model-card/1',
    version: facts.version,
    parentVersion: facts.parentVersion,
    createdAt: facts.createdAt.toISOString(),
    classes: facts.classes,
    onnx: classifierIoSpec(embedder.backbone.model, facts.head),
    preprocessing: {
      pipeline: PREPROCESSING_PIPELINE,
      fit: embedder.fit,
      inputSize: description.inputHeight,
      backbone: description.preprocessing,
    },
    augmentationPlan: embedder.plan,
    scoring: facts.scoring,
    coldStart: facts.coldStart,
    backbone: {
      version: embedder.backboneVersion,
      embeddingSize: description.embeddingSize,
      provenance: description.provenance,
    },
    head: facts.headOptions,
    training: {
      continualStrategy: facts.continualStrategy,
      round: facts.round.round,
      backend: facts.backend,
      epochs: training.epochs,
      batchSize: training.batchSize,
      learningRate: training.learningRate,
      l2: training.l2,
      classWeighting: training.classWeighting,
      seed: facts.seed,
      labeledPerClass: facts.labeledPerClass,
      trainingSet: facts.round.trainingSet.counts,
      epochLosses: facts.round.epochLosses,
    },
    metrics: facts.metrics,
    metricsUnavailable: facts.metricsUnavailable,
    labelsSaved: facts.labelsSaved,
  };
}
