import type * as tf from '@tensorflow/tfjs';
import { argMax, createRng, meanProbabilities } from '@aift/selection-core';
import type { PatchProbabilities, Rng } from '@aift/selection-core';
import { copyHead, createHead } from '../head/createHead.js';
import type { HeadOptions } from '../head/createHead.js';
import { predictHead } from '../head/predictHead.js';
import { trainHead } from '../head/trainHead.js';
import type { HeadTraining } from '../head/trainHead.js';
import { chooseTrainingSet } from './trainingSet.js';
import type { ContinualStrategy, LabeledCandidate, TrainingSet } from './trainingSet.js';

/** The m patch embeddings of candidate `index`, row-major (m x inputSize). Usually from the embedding cache. */
export type PatchEmbeddings = (index: number) => Float32Array;

export interface ContinualLearnerOptions {
  readonly head: HeadOptions;
  readonly training: Omit<HeadTraining, 'rng'>;
  readonly strategy: ContinualStrategy;
  /** Patches per candidate (m of the augmentation plan): every patch carries its candidate's label. */
  readonly patches: number;
  /** Seeds the per-epoch shuffles; the head's initial weights are seeded by `head.seed`. */
  readonly seed: number;
}

export interface RoundReport {
  readonly round: number;
  readonly trainingSet: TrainingSet;
  readonly epochLosses: readonly number[];
}

/**
 * Continual fine-tuning of the classifier head on frozen-backbone embeddings, one round per batch of new
 * labels (ACFT). Owns the current head; a round trains a copy and swaps it in only when training succeeded,
 * so a failed round leaves the current model untouched.
 */
export class ContinualLearner {
  #head: tf.Sequential;
  #round = 0;
  readonly #options: ContinualLearnerOptions;
  readonly #rng: Rng;

  constructor(options: ContinualLearnerOptions) {
    if (!Number.isInteger(options.patches) || options.patches < 1) {
      throw new RangeError(`patches must be an integer >= 1, got ${options.patches}`);
    }
    this.#options = options;
    this.#rng = createRng(options.seed);
    this.#head = createHead(options.head);
  }

  get head(): tf.LayersModel {
    return this.#head;
  }

  get round(): number {
    return this.#round;
  }

  /** Predictions of the current head for every patch of the given candidates, in the order given. */
  predict(indices: readonly number[], embeddingsOf: PatchEmbeddings): PatchProbabilities {
    const { inputSize, classes } = this.#options.head;
    const m = this.#options.patches;
    const all = new Float32Array(indices.length * m * inputSize);
    indices.forEach((index, i) =>
      all.set(checkedEmbeddings(embeddingsOf, index, m, inputSize), i * m * inputSize),
    );
    return {
      data: predictHead(this.#head, all, inputSize),
      nCandidates: indices.length,
      nPatches: m,
      nClasses: classes,
    };
  }

  /** One round: choose the training set, train a copy of the chosen starting head, then adopt it. */
  async fineTune(
    previous: readonly LabeledCandidate[],
    newlyLabeled: readonly LabeledCandidate[],
    embeddingsOf: PatchEmbeddings,
  ): Promise<RoundReport> {
    const { head: headOptions, training, strategy, patches: m } = this.#options;
    const predicted = this.#predictedClasses(previous, embeddingsOf);
    const trainingSet = chooseTrainingSet(strategy, previous, newlyLabeled, (i) => predicted.get(i) ?? -1);
    const next =
      trainingSet.startFrom === 'current' ? copyHead(headOptions, this.#head) : createHead(headOptions);

    const { inputSize } = headOptions;
    const embeddings = new Float32Array(trainingSet.candidates.length * m * inputSize);
    const labels = new Int32Array(trainingSet.candidates.length * m);
    trainingSet.candidates.forEach((c, i) => {
      embeddings.set(checkedEmbeddings(embeddingsOf, c.index, m, inputSize), i * m * inputSize);
      labels.fill(c.label, i * m, (i + 1) * m);
    });
    let epochLosses: number[];
    try {
      epochLosses = await trainHead(
        next,
        headOptions.classes,
        { embeddings, labels, inputSize },
        {
          ...training,
          rng: this.#rng,
        },
      );
    } catch (error) {
      next.dispose();
      throw error;
    }
    this.#head.dispose();
    this.#head = next;
    this.#round++;
    return { round: this.#round, trainingSet, epochLosses };
  }

  dispose(): void {
    this.#head.dispose();
  }

  #predictedClasses(
    candidates: readonly LabeledCandidate[],
    embeddingsOf: PatchEmbeddings,
  ): Map<number, number> {
    if (this.#options.strategy !== 'HQ' || candidates.length === 0) return new Map();
    const indices = candidates.map((c) => c.index);
    const nClasses = this.#options.head.classes;
    const mean = meanProbabilities(this.predict(indices, embeddingsOf));
    const predicted = new Map<number, number>();
    indices.forEach((index, c) => predicted.set(index, argMax(mean, c * nClasses, nClasses)));
    return predicted;
  }
}

function checkedEmbeddings(
  embeddingsOf: PatchEmbeddings,
  index: number,
  m: number,
  inputSize: number,
): Float32Array {
  const e = embeddingsOf(index);
  if (e.length !== m * inputSize) {
    throw new RangeError(
      `candidate ${index}: ${e.length} embedding values, expected ${m} patches x ${inputSize}`,
    );
  }
  return e;
}
