import { meanProbabilities } from '@aift/selection-core';
import type { ContinualLearner, PatchEmbeddings } from '../engine/continual/ContinualLearner.js';
import type { LabeledCandidate } from '../engine/continual/trainingSet.js';
import type { ModelCard } from '../engine/modelCard.js';
import { classificationMetrics } from '../evaluation/metrics.js';

/**
 * Whether a labeled candidate is kept out of training to measure the model. Decided by the candidate id
 * (itself a sha256 prefix), so a candidate stays on the same side in every job and a model is never
 * measured on a case an earlier round trained on.
 */
export function isHeldOut(candidateId: string, share: number): boolean {
  if (!(share >= 0 && share < 1)) throw new RangeError(`heldOutShare must be in [0, 1), got ${share}`);
  const head = Number.parseInt(candidateId.slice(0, 8), 16);
  if (!Number.isFinite(head)) throw new TypeError(`candidate id ${candidateId} is not hexadecimal`);
  return head / 2 ** 32 < share;
}

/**
 * The model card's metrics on the held-out labels, each image predicted as the viewer shows it (mean over
 * the plan's patches); null while fewer than `minImages` are held out or a class is missing from them.
 */
export function heldOutMetrics(
  learner: Pick<ContinualLearner, 'predict'>,
  heldOut: readonly LabeledCandidate[],
  embeddingsOf: PatchEmbeddings,
  classes: number,
  minImages: number,
): ModelCard['metrics'] {
  const present = new Set(heldOut.map((c) => c.label));
  if (heldOut.length < minImages || present.size < classes) return null;
  const predictions = learner.predict(
    heldOut.map((c) => c.index),
    embeddingsOf,
  );
  const labels = Int32Array.from(heldOut, (c) => c.label);
  const metrics = classificationMetrics(meanProbabilities(predictions), labels, classes);
  return { ...metrics, split: 'held-out (stable by candidate id)', images: heldOut.length };
}
