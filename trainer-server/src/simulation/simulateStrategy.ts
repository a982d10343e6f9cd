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
import type { LabelsSavedEstimate } from '../evaluation/labelsSaved.js';
import { auditRate } from '../services/auditRate.js';
import type { AuditPolicy } from '../services/auditRate.js';
import { measureAgainstRandom } from '../services/measureAgainstRandom.js';
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
  /** The product's blind audit, replayed; absent, every pool image can be selected and nothing is estimated. */
  readonly audit?: SimulatedAudit;
}

/**
 * The product's blind audit in a run: a `policy.rate` share of the pool is reserved (drawn by the seed, the
 * same for every arm of a seed) and never selected. Its images are "labeled" in a uniform random order at
 * the policy's rate per served case, as the worklist serves them, and at each checkpoint the product's own
 * `measureAgainstRandom` estimates the labels saved from the audit labels so far. The harness's curves
 * give the truth to compare it with (estimatorValidation.ts).
 */
export interface SimulatedAudit {
  readonly policy: AuditPolicy;
  /** Label counts (selected labels, audit excluded) after which the estimate is made; the run's end is one. */
  readonly checkpoints: readonly number[];
  readonly classNames: readonly string[];
  /** As the trainer's `minAuditLabels`: fewer and the model card has no metric. */
  readonly minAuditLabels: number;
}

/** The product's statement about the model after `labels` selected labels, from its audit labels so far. */
export interface AuditEstimate {
  readonly labels: number;
  readonly auditLabels: number;
  /** The model's AUC on the audit labels; null when it has no audited metric yet. */
  readonly auditedAuc: number | null;
  readonly labelsSaved: LabelsSavedEstimate | null;
  /** The model's AUC on the evaluation split at that point (what the harness knows and the product does not). */
  readonly evaluatedAuc: number;
}

export interface SimulationRun {
  readonly curve: CurvePoint[];
  /** Empty without `audit`. */
  readonly estimates: AuditEstimate[];
  /** The pool images reserved for the audit, in the order they are labeled; empty without `audit`. */
  readonly reserved: readonly number[];
}

export interface SimulationStep {
  readonly point: CurvePoint;
  /** How many of the labels picked so far are of each class. */
  readonly pickedPerClass: readonly number[];
  /** The pool images labeled since the previous step. */
  readonly picked: readonly number[];
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
): Promise<SimulationRun> {
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
  const reserved = settings.audit ? reserveAuditSample(poolSize, settings.audit.policy.rate, seed) : [];
  const auditAfter = settings.audit
    ? auditLabelsAfter(settings.audit.policy, reserved.length, budget, seed)
    : [];
  // Labeled, or reserved for the audit: either way not selectable.
  const isTaken = new Uint8Array(poolSize);
  for (const i of reserved) isTaken[i] = 1;
  const labeled: LabeledCandidate[] = [];
  const pickedPerClass = new Array<number>(data.classes).fill(0);
  const curve: CurvePoint[] = [];
  const estimates: AuditEstimate[] = [];

  const record = (picked: readonly number[]) => {
    const metrics = evaluateLearner(learner, data, data.test);
    const point = { labels: labeled.length, auc: metrics.auc, accuracy: metrics.accuracy };
    curve.push(point);
    onStep({ point, pickedPerClass: [...pickedPerClass], picked });
  };
  const estimate = async () => {
    const audit = settings.audit;
    const n = labeled.length;
    if (!audit || !(audit.checkpoints.includes(n) || n === budget)) return;
    const auditLabels = reserved
      .slice(0, auditAfter[n])
      .map((index) => ({ index, label: data.pool.labels[index]! }));
    const { measured, labelsSaved } = await measureAgainstRandom({
      learner,
      audit: auditLabels,
      embeddingsOf,
      classes: audit.classNames,
      usedLabels: n,
      minAuditLabels: audit.minAuditLabels,
      newLearner: (s) =>
        new ContinualLearner({
          ...settings.learner,
          head: { ...settings.learner.head, seed: s },
          patches: data.patches,
          seed: s,
        }),
      seed,
    });
    estimates.push({
      labels: n,
      auditLabels: auditLabels.length,
      auditedAuc: 'reason' in measured ? null : measured.metrics.auc,
      labelsSaved,
      evaluatedAuc: curve.at(-1)!.auc,
    });
  };
  const label = async (picked: readonly number[]) => {
    const fresh = picked.map((index) => ({ index, label: data.pool.labels[index]! }));
    for (const c of fresh) {
      isTaken[c.index] = 1;
      pickedPerClass[c.label]!++;
    }
    await learner.fineTune(labeled, fresh, embeddingsOf);
    labeled.push(...fresh);
  };

  try {
    const chosen = () => labeled.map((c) => c.index);
    const pickFirst = (how: Exclude<ColdStart, 'model'>, count: number) =>
      coldStartPick(data, how, count, rng, chosen(), reserved);
    const first = initial > 0 ? pickFirst(coldStart === 'model' ? 'random' : coldStart, initial) : [];
    await label(first);
    record(first);
    while (labeled.length < budget) {
      const b = Math.min(batch, budget - labeled.length);
      const byColdStart = labeled.length < coldStartLabels && coldStart !== 'model';
      const picked = byColdStart ? pickFirst(coldStart, b) : select(learner, strategy, b, alpha, omega);
      await label(picked);
      record(picked);
      await estimate();
    }
  } finally {
    learner.dispose();
  }
  return { curve, estimates, reserved };

  function select(current: ContinualLearner, name: StrategyName, b: number, a: number, o: number): number[] {
    const unlabeled = Array.from(isTaken.keys()).filter((i) => !isTaken[i]);
    const predictions = current.predict(unlabeled, embeddingsOf);
    const scores = STRATEGIES[name].create({ alpha: a, rng })(predictions);
    return Array.from(randomExtension(scores, { b, omega: o, rng }), (k) => unlabeled[k]!);
  }
}

/**
 * Labels chosen without the model: a uniform sample of the unlabeled, or a pick on the pre-trained
 * embeddings that treats the `labeled` ones as already covered. `reserved` images (the audit's) are not in
 * the pool it picks from.
 */
function coldStartPick(
  data: SimulationData,
  how: Exclude<ColdStart, 'model'>,
  count: number,
  rng: Rng,
  labeled: readonly number[],
  reserved: readonly number[],
): number[] {
  const poolSize = data.pool.labels.length;
  if (how !== 'random') {
    const out = new Set(reserved);
    // Without a reserve the pick runs on the whole pool as it always did; with one, on what is left of it.
    const kept =
      out.size === 0 ? null : Array.from({ length: poolSize }, (_, i) => i).filter((i) => !out.has(i));
    const all = plainImageEmbeddings(data, data.pool);
    const dim = data.embeddingSize;
    const embeddings = kept
      ? { data: rowsOf(all, dim, kept), count: kept.length, dim }
      : { data: all, count: poolSize, dim };
    const position = kept ? new Map(kept.map((i, k) => [i, k])) : null;
    const already = position ? labeled.map((i) => position.get(i)!) : labeled;
    const picks = {
      kcenter: () => kCenterGreedy(embeddings, count, already),
      'robust-kcenter': () => robustKCenter(embeddings, count, { alreadyChosen: already }),
      typical: () => typicalClusters(embeddings, count, rng),
    } as const;
    return Array.from(picks[how](), (k) => (kept ? kept[k]! : k));
  }
  const isTaken = new Set([...labeled, ...reserved]);
  const order = Array.from({ length: poolSize }, (_, i) => i).filter((i) => !isTaken.has(i));
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, count);
}

/** The rows `rows` of a row-major matrix of `dim` columns, copied in that order. */
function rowsOf(matrix: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, k) => out.set(matrix.subarray(row * dim, (row + 1) * dim), k * dim));
  return out;
}

/** A seed's audit reserve, in the order its images are labeled: a uniform sample of `rate` of the pool. */
function reserveAuditSample(poolSize: number, rate: number, seed: number): number[] {
  const rng = createRng(AUDIT_STREAM + seed);
  const order = Array.from({ length: poolSize }, (_, i) => i);
  const size = Math.round(rate * poolSize);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rng.next() * (poolSize - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, size);
}

/**
 * Audit labels after each count of selected labels (index 0..budget), as the worklist serves them: each
 * served case is an audit draw with the policy's probability, until the reserve is used up.
 */
function auditLabelsAfter(policy: AuditPolicy, reserve: number, budget: number, seed: number): number[] {
  const rng = createRng(AUDIT_STREAM + 1 + seed);
  const after = [0];
  let audit = 0;
  while (after.length <= budget) {
    if (audit < reserve && rng.next() < auditRate(policy, audit)) audit++;
    else after.push(audit);
  }
  return after;
}

/** Offsets the audit's random streams from the selection's, so that turning the audit on moves no other draw. */
const AUDIT_STREAM = 0x5eed0000;
