import { createRng, meanProbabilities } from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';
import type { ContinualLearner, PatchEmbeddings } from '../engine/continual/ContinualLearner.js';
import type { LabeledCandidate } from '../engine/continual/trainingSet.js';
import type { RandomCurveSample } from '../evaluation/labelsSaved.js';
import { classificationMetrics } from '../evaluation/metrics.js';

export interface RandomCurveOptions {
  /** The audit labels: a uniform random sample of the pool, never trained on. */
  readonly audit: readonly LabeledCandidate[];
  readonly embeddingsOf: PatchEmbeddings;
  readonly classes: number;
  /** A fresh learner as the product trains it, its head initialised by `seed`. */
  readonly newLearner: (seed: number) => ContinualLearner;
  readonly seed: number;
  readonly signal?: AbortSignal;
}

/** Label counts on the curve, and heads per count. */
const COUNTS = 5;
const REPEATS = 4;

/**
 * Random labeling replayed on the audit sample: for a few label counts k (from twice the classes up to three
 * quarters of the sample), heads trained from scratch on k audit labels drawn at random, each measured (AUC,
 * the mean prediction over the plan's patches) on the audit labels it did not see. A draw missing a class is
 * drawn again, as a team would label on until it has seen every class; that flatters random labeling a
 * little, so the savings estimated from it err on the low side. Empty when the sample is too small.
 */
export async function randomLearningCurve(options: RandomCurveOptions): Promise<RandomCurveSample[]> {
  const { audit, embeddingsOf, classes } = options;
  const smallest = Math.max(4, 2 * classes);
  const largest = audit.length - Math.max(5, Math.ceil(audit.length / 4));
  if (largest < smallest + 2) return [];
  const counts = [
    ...new Set(
      Array.from({ length: COUNTS }, (_, i) =>
        Math.round(smallest * (largest / smallest) ** (i / (COUNTS - 1))),
      ),
    ),
  ];
  const rng = createRng(options.seed);
  const samples: RandomCurveSample[] = [];
  for (const [c, count] of counts.entries()) {
    for (let r = 0; r < REPEATS; r++) {
      options.signal?.throwIfAborted();
      const order = drawWithEveryClass(audit, count, classes, rng);
      if (order === undefined) continue;
      const learner = options.newLearner(options.seed + 1 + c * REPEATS + r);
      try {
        await learner.fineTune([], order.slice(0, count), embeddingsOf);
        const rest = order.slice(count);
        const predictions = learner.predict(
          rest.map((l) => l.index),
          embeddingsOf,
        );
        const labels = Int32Array.from(rest, (l) => l.label);
        const { auc } = classificationMetrics(meanProbabilities(predictions), labels, classes);
        if (Number.isFinite(auc)) samples.push({ labels: count, auc });
      } finally {
        learner.dispose();
      }
    }
  }
  return samples;
}

/** The sample shuffled so that its first `count` hold every class (undefined after 20 tries). */
function drawWithEveryClass(
  audit: readonly LabeledCandidate[],
  count: number,
  classes: number,
  rng: Rng,
): LabeledCandidate[] | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const order = [...audit];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    if (new Set(order.slice(0, count).map((l) => l.label)).size === classes) return order;
  }
  return undefined;
}
