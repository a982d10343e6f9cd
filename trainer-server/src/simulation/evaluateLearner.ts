import type { ContinualLearner } from '../engine/continual/ContinualLearner.js';
import { classificationMetrics } from '../evaluation/metrics.js';
import type { ClassificationMetrics } from '../evaluation/metrics.js';
import { meanProbabilities } from '@aift/selection-core';
import { patchEmbeddingsOf } from './simulationData.js';
import type { EmbeddedSplit, SimulationData } from './simulationData.js';

/**
 * The learner's metrics on a split, predicting each image as the viewer shows it: the mean of the
 * predictions over the plan's patches (test-time augmentation).
 */
export function evaluateLearner(
  learner: Pick<ContinualLearner, 'predict'>,
  data: SimulationData,
  split: EmbeddedSplit,
): ClassificationMetrics {
  const indices = Array.from(split.labels.keys());
  const predictions = learner.predict(indices, patchEmbeddingsOf(data, split));
  return classificationMetrics(meanProbabilities(predictions), split.labels, data.classes);
}
