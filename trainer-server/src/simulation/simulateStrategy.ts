import {
  createRng,
  kCenterGreedy,
  randomExtension,
  robustKCenter,
  STRATEGIES,
  typicalClusters,
} from '@aift/selection-core';
import type { Rng, StrategyName } from '@aift/selection-core';
import { ContinualLearner } from '../engine/continual/ContinualLearner.js';
import type { ContinualLearnerOptions } from '../engine/continual/ContinualLearner.js';
import type { LabeledCandidate } from '../engine/continual/trainingSet.js';
import type { CurvePoint } from '../evaluation/learningCurve.js';
import { evaluateLearner } from './evaluateLearner.js';
import type { ColdStart } from './simulationArm.js';
import { patchEmbeddingsOf, plainImageEmbeddings } from './simulationData.js';
import type { SimulationData } from './simulationData.js';

export interface SimulationSettings {
  readonly strategy: StrategyName;
  readonly seed: number;
  /** Labels drawn before active selection starts (0: the first batch is already a selection). */
  readonly initial: number;
  readonly batch: number;
  readonly budget: number;
  readonly alpha: number;
  readonly omega: number;
  /** How the initial labels, or with `initial` 0 the first batch, are chosen. */
  readonly coldStart: ColdStart;
  /**
   * Labels the cold start chooses, batch by batch, before the strategy takes over (default: one batch).
   * With a handful of labels a model's uncertainty is mostly noise, so a longer cold start keeps covering the
   * pool; `typical` picks one batch only.
   */
  readonly coldStartLabels?: number;
  readonly learner: Omit<ContinualLearnerOptions, 'seed' | 'patches'>;
}

export interface SimulationStep {
  readonly point: CurvePoint;
  /** How many of the labels picked so far are of each class. */
  readonly pickedPerClass: readonly number[];
}

/**
 * One active-learning run with an oracle: repeatedly score the unlabeled pool with the current model, pick
 * a batch with the strategy, reveal the true labels, fine-tune continually, and evaluate on the test split.
 * The same selection and learning code as the server; only the labels come from the ground truth.
 */
export async function simulateStrategy(
  data: SimulationData,
  settings: SimulationSettings,
  onStep: (step: SimulationStep) => void = () => {},
): Promise<CurvePoint[]> {
  const { strategy, seed, initial, batch, budget, alpha, omega, coldStart } = settings;
  // Random after a random start draws the same way throughout: keep its stream (and so the usual
  // random:random baseline) the same whatever coldStartLabels says.
  const coldStartLabels =
    strategy === 'random' && coldStart === 'random' ? batch : (settings.coldStartLabels ?? batch);
  const poolSize = data.pool.labels.length;
  if (!(Number.isInteger(budget) && budget >= 1 && budget <= poolSize)) {
    throw new RangeError(`budget must be an integer in [1, ${poolSize}] (the pool size), got ${budget}`);
  }
  if (!(Number.isInteger(initial) && initial >= 0 && initial <= budget)) {
    throw new RangeError(`initial must be an integer in [0, budget], got ${initial}`);
  }
  if (!(Number.isInteger(coldStartLabels) && coldStartLabels >= 0)) {
    throw new RangeError(`coldStartLabels must be an integer >= 0, got ${coldStartLabels}`);
  }
  if (coldStart === 'typical' && coldStartLabels > batch) {
    throw new RangeError('the typical cold start picks one batch only (coldStartLabels <= batch)');
  }
  const rng = createRng(seed);
  const learner = new ContinualLearner({
    ...settings.learner,
    head: { ...settings.learner.head, seed },
    patches: data.patches,
    seed,
  });
  const embeddingsOf = patchEmbeddingsOf(data, data.pool);
  const isLabeled = new Uint8Array(poolSize);
  const labeled: LabeledCandidate[] = [];
  const pickedPerClass = new Array<number>(data.classes).fill(0);
  const curve: CurvePoint[] = [];

  const record = () => {
    const metrics = evaluateLearner(learner, data, data.test);
    const point = { labels: labeled.length, auc: metrics.auc, accuracy: metrics.accuracy };
    curve.push(point);
    onStep({ point, pickedPerClass: [...pickedPerClass] });
  };
  const label = async (picked: readonly number[]) => {
    const fresh = picked.map((index) => ({ index, label: data.pool.labels[index]! }));
    for (const c of fresh) {
      isLabeled[c.index] = 1;
      pickedPerClass[c.label]!++;
    }
    await learner.fineTune(labeled, fresh, embeddingsOf);
    labeled.push(...fresh);
  };

  try {
    const chosen = () => labeled.map((c) => c.index);
    if (initial > 0)
      await label(coldStartPick(data, coldStart === 'model' ? 'random' : coldStart, initial, rng, chosen()));
    record();
    while (labeled.length < budget) {
      const b = Math.min(batch, budget - labeled.length);
      const byColdStart = labeled.length < coldStartLabels && coldStart !== 'model';
      await label(
        byColdStart
          ? coldStartPick(data, coldStart, b, rng, chosen())
          : select(learner, strategy, b, alpha, omega),
      );
      record();
    }
  } finally {
    learner.dispose();
  }
  return curve;

  function select(current: ContinualLearner, name: StrategyName, b: number, a: number, o: number): number[] {
    const unlabeled = Array.from(isLabeled.keys()).filter((i) => !isLabeled[i]);
    const predictions = current.predict(unlabeled, embeddingsOf);
    const scores = STRATEGIES[name].create({ alpha: a, rng })(predictions);
    return Array.from(randomExtension(scores, { b, omega: o, rng }), (k) => unlabeled[k]!);
  }
}

/**
 * Labels chosen without the model: a uniform sample of the unlabeled, or a pick on the pre-trained
 * embeddings that treats the `labeled` ones as already covered.
 */
function coldStartPick(
  data: SimulationData,
  how: Exclude<ColdStart, 'model'>,
  count: number,
  rng: Rng,
  labeled: readonly number[],
): number[] {
  const poolSize = data.pool.labels.length;
  if (how !== 'random') {
    const embeddings = {
      data: plainImageEmbeddings(data, data.pool),
      count: poolSize,
      dim: data.embeddingSize,
    };
    const picks = {
      kcenter: () => kCenterGreedy(embeddings, count, labeled),
      'robust-kcenter': () => robustKCenter(embeddings, count, { alreadyChosen: labeled }),
      typical: () => typicalClusters(embeddings, count, rng),
    } as const;
    return Array.from(picks[how]());
  }
  const isLabeled = new Set(labeled);
  const order = Array.from({ length: poolSize }, (_, i) => i).filter((i) => !isLabeled.has(i));
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, count);
}
