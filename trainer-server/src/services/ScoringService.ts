import { setImmediate as turn } from 'node:timers/promises';
import {
  createScoring,
  DEFAULT_ALPHA,
  DEFAULT_OUTLIER_SHARE,
  robustKCenterSteps,
  STRATEGIES,
} from '@aift/selection-core';
import type { PredictionScores, ScoringRule, StrategyName } from '@aift/selection-core';
import type { ColdStartRule } from '../engine/modelCard.js';
import type { ContinualLearner } from '../engine/continual/ContinualLearner.js';
import { PacsHttpError } from '../pacs/pacsErrors.js';
import type { Actor, Candidate, CandidateScore, Store } from '../store/ports.js';
import type { CandidateEmbedder } from './CandidateEmbedder.js';
import type { EventBus } from './EventBus.js';
import { runStepsYielding } from './runStepsYielding.js';
import { TRAINER } from './trainerActor.js';

export interface ScoringServiceOptions {
  readonly store: Pick<Store, 'candidates' | 'consensus' | 'scores'>;
  readonly embedder: CandidateEmbedder;
  readonly bus: EventBus;
  /** Class names in the head's output order. */
  readonly classes: readonly string[];
  /** Which registered strategy gives the stored worthiness; default 'aift' (entropy + diversity). */
  readonly strategy?: StrategyName;
  readonly alpha?: number;
  /** Seeds the 'random' strategy, the only one that draws. */
  readonly seed?: number;
  /**
   * `project.readsPerCase`: a candidate is scored until it has this many class votes (or an adjudication),
   * so a double-read case with one read stays on the worklist across a retraining. Default 1.
   */
  readonly readsPerCase?: number;
  /** How many candidates the k-center cold start ranks (it costs this x pool size distances). */
  readonly coldStartSize?: number;
  readonly actor?: Actor;
}

type Model = Pick<ContinualLearner, 'predict'>;

/** Candidates predicted per call, so a large pool never sits in memory at once. */
const CHUNK = 256;

/**
 * Scores the unlabeled pool with a freshly published model (MONAI Label's scoring half): every registered
 * candidate still short of its reads (no class vote, under single reading) gets its worthiness and its
 * parts under that model version, stored in one transaction, then `worklist.changed` is emitted. The worklist only reads what this stores.
 */
export class ScoringService {
  readonly #o: ScoringServiceOptions;
  /** How predictions become worthiness; published in every model card so the viewer scores alike. */
  readonly rule: ScoringRule;
  /** How `coldStart` ranks the pool; the cold-start version's model card records it. */
  readonly coldStartRule: ColdStartRule = { method: 'robust-kcenter', outlierShare: DEFAULT_OUTLIER_SHARE };

  constructor(options: ScoringServiceOptions) {
    const strategy = options.strategy ?? 'aift';
    if (!Object.hasOwn(STRATEGIES, strategy)) {
      throw new TypeError(`unknown strategy '${String(strategy)}'`);
    }
    this.#o = options;
    this.rule = { strategy, alpha: options.alpha ?? DEFAULT_ALPHA, seed: options.seed ?? 0 };
  }

  /** The registered candidates still short of their reads, without an adjudication, in registration order. */
  unlabeled(): Candidate[] {
    const { store } = this.#o;
    const reads = this.#o.readsPerCase ?? 1;
    const found: Candidate[] = [];
    for (const candidate of store.candidates.all()) {
      const { status, votes } = store.consensus.of(candidate.id);
      const read = Object.values(votes).reduce((a, b) => a + b, 0);
      if (status !== 'adjudicated' && read < reads) found.push(candidate);
    }
    return found;
  }

  /**
   * Fills the embedding cache for the unlabeled pool. A training job calls it before it publishes: the store
   * moves `latest` on registration, and the worklist is empty until that version's scores are stored, so
   * the scoring after a publish must only read the cache and predict.
   */
  async embedPool(signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<number> {
    const candidates = this.unlabeled();
    for (const [i, c] of candidates.entries()) {
      signal?.throwIfAborted();
      await this.#embedded(c);
      onProgress?.(i + 1, candidates.length);
    }
    return candidates.length;
  }

  /** Worthiness by the configured strategy on `model`'s patch predictions; returns how many were stored. */
  async score(modelVersion: string, model: Model, signal?: AbortSignal): Promise<number> {
    const rows = await this.#predictPool(
      model,
      signal,
      createScoring(this.rule),
      (scores, i) => scores.worthiness[i]!,
    );
    return this.#store(modelVersion, rows, signal);
  }

  /**
   * Cold start, for a model that has learned nothing yet: worthiness from robust k-center on the plain-image
   * embeddings (patch 0 of the plan), so the first cases spread over the pool without starting from its
   * oddest images (docs/simulation.md, item 9). The first pick gets 1, the last of `coldStartSize` picks
   * 1/size, the rest 0. The model's predictions still fill the other parts.
   */
  async coldStart(modelVersion: string, model: Model, signal?: AbortSignal): Promise<number> {
    const dim = this.#o.embedder.embeddingSize;
    const plain: Float32Array[] = [];
    const rows = await this.#predictPool(
      model,
      signal,
      createScoring(this.rule),
      () => 0,
      (e) => plain.push(e.subarray(0, dim)),
    );
    const data = new Float32Array(rows.length * dim);
    plain.forEach((e, i) => data.set(e, i * dim));
    const size = Math.min(rows.length, this.#o.coldStartSize ?? 500);
    const ranks = new Float64Array(rows.length);
    // Seconds of work on a large pool: in slices, so requests are answered meanwhile.
    const order = await runStepsYielding(
      robustKCenterSteps({ data, count: rows.length, dim }, size, this.coldStartRule),
      signal,
    );
    order.forEach((c, r) => (ranks[c] = (size - r) / size));
    return this.#store(
      modelVersion,
      rows.map((row, i) => ({ ...row, worthiness: ranks[i]! })),
      signal,
    );
  }

  /** Every unlabeled candidate with `model`'s prediction parts, and `worthOf` as its worthiness. */
  async #predictPool(
    model: Model,
    signal: AbortSignal | undefined,
    scoring: (p: ReturnType<Model['predict']>) => PredictionScores,
    worthOf: (scores: PredictionScores, i: number) => number,
    onEmbedded: (embeddings: Float32Array) => void = () => {},
  ): Promise<CandidateScore[]> {
    const { classes } = this.#o;
    const candidates = this.unlabeled();
    const rows: CandidateScore[] = [];
    for (let start = 0; start < candidates.length; start += CHUNK) {
      // A turn of the event loop per chunk: with every embedding cached nothing here waits on I/O, and a
      // large pool would otherwise hold every request (and the job's own progress events) until it is done.
      await turn();
      const chunk: Candidate[] = [];
      const embeddings: Float32Array[] = [];
      for (const c of candidates.slice(start, start + CHUNK)) {
        signal?.throwIfAborted();
        const embedding = await this.#embedded(c);
        if (embedding === undefined) continue;
        chunk.push(c);
        embeddings.push(embedding);
        onEmbedded(embedding);
      }
      if (chunk.length === 0) continue;
      const p = model.predict(
        chunk.map((_, i) => i),
        (i) => embeddings[i]!,
      );
      const scores = scoring(p);
      const { parts } = scores;
      chunk.forEach((c, i) =>
        rows.push({
          candidateId: c.id,
          worthiness: worthOf(scores, i),
          entropy: parts.entropy[i]!,
          diversity: parts.diversity[i]!,
          predictedClass: classes[parts.predictedClass[i]!]!,
          probability: Math.min(1, parts.probability[i]!), // float rounding can pass 1 by an ulp
        }),
      );
    }
    return rows;
  }

  /**
   * The candidate's patch embeddings; undefined when the PACS no longer has its instance (HTTP 404, e.g.
   * deleted by a retention rule): it stays registered but is left out of this scoring, not failing the job.
   */
  async #embedded(candidate: Candidate): Promise<Float32Array | undefined> {
    try {
      return await this.#o.embedder.embed(candidate);
    } catch (error) {
      if (error instanceof PacsHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  #store(modelVersion: string, rows: readonly CandidateScore[], signal: AbortSignal | undefined): number {
    signal?.throwIfAborted();
    const stored = this.#o.store.scores.replaceForVersion(modelVersion, rows, this.#o.actor ?? TRAINER);
    this.#o.bus.emit('worklist.changed', { modelVersion, scored: stored });
    return stored;
  }
}
