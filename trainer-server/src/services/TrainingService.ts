import * as tf from '@tensorflow/tfjs';
import { ContinualLearner } from '../engine/continual/ContinualLearner.js';
import type { RoundReport } from '../engine/continual/ContinualLearner.js';
import type { ContinualStrategy, LabeledCandidate } from '../engine/continual/trainingSet.js';
import { DEFAULT_HEAD } from '../engine/head/createHead.js';
import type { HeadOptions } from '../engine/head/createHead.js';
import { DEFAULT_HEAD_TRAINING } from '../engine/head/trainHead.js';
import type { HeadTraining } from '../engine/head/trainHead.js';
import type { ModelCard } from '../engine/modelCard.js';
import type { AuditedMetrics } from '../evaluation/auditedMetrics.js';
import { exportClassifierToOnnx } from '../engine/onnx/index.js';
import type { Actor, Clock, Store } from '../store/ports.js';
import type { CandidateEmbedder } from './CandidateEmbedder.js';
import { collectLabels } from './collectLabels.js';
import type { EventBus } from './EventBus.js';
import { measureAgainstRandom } from './measureAgainstRandom.js';
import { DEFAULT_MIN_AUDIT_LABELS } from './auditMetrics.js';
import type { NoAuditMetric } from './auditMetrics.js';
import { publishModel } from './publishModel.js';
import type { PublishedModel } from './publishModel.js';
import type { ScoringService } from './ScoringService.js';
import { TrainingJobs } from './TrainingJobs.js';
import type { JobContext, TrainingRun } from './TrainingJobs.js';

export interface TrainingServiceOptions {
  readonly store: Store;
  readonly embedder: CandidateEmbedder;
  readonly scoring: ScoringService;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** Root of the model registry (`<root>/versions/vNNNN/`). */
  readonly registryDir: string;
  /** Class names in the head's output order; consensus values must be among them. */
  readonly classes: readonly string[];
  readonly project?: string;
  /** `maybeTrain` starts a job once this many consensus labels are new since the last published model. */
  readonly minNewLabels?: number;
  readonly continualStrategy?: ContinualStrategy;
  readonly hiddenUnits?: number;
  readonly training?: Partial<Omit<HeadTraining, 'rng'>>;
  readonly seed?: number;
  /** Fewer audit labels than this (or a class missing among them): the card's metrics are null, with why. */
  readonly minAuditLabels?: number;
  /** The active tfjs backend as selectBackend reported it, for the model card. */
  readonly backend?: string;
  /** Replaceable so a test can make the export step fail. */
  readonly exportClassifier?: typeof exportClassifierToOnnx;
}

/** About twenty progress reports over a loop of `total` steps. */
function isTick(i: number, total: number): boolean {
  return i % Math.max(1, Math.ceil(total / 20)) === 0;
}

/** A learner that changed in this job but is not yet the published model's: dropped if the job fails. */
interface JobScope {
  uncommitted: ContinualLearner | undefined;
}

/** The evidence on PneumoniaMNIST favours LQ for a head on frozen embeddings (docs/simulation.md). */
const DEFAULT_CONTINUAL_STRATEGY = 'LQ';

/**
 * Turns consensus labels into a published model, one job per project at a time: embed the labeled frames,
 * fine-tune continually (ACFT, LQ by default: docs/simulation.md) the learner kept in memory, export the whole classifier to
 * ONNX, write the version, register it (which moves `latest`), then rescore the pool. Nothing is published
 * unless every step before the registration succeeded. After a restart the learner starts fresh.
 */
export class TrainingService {
  readonly #o: TrainingServiceOptions;
  readonly #minNewLabels: number;
  /** The learner behind the latest published model, and the labels (id -> class) its head was trained on. */
  #state: { readonly learner: ContinualLearner; readonly trained: ReadonlyMap<string, number> } | undefined;
  readonly #jobs: TrainingJobs;

  constructor(options: TrainingServiceOptions) {
    if (options.classes.length < 2 || new Set(options.classes).size !== options.classes.length) {
      throw new RangeError(`classes must be two or more distinct names, got [${options.classes.join(', ')}]`);
    }
    this.#minNewLabels = options.minNewLabels ?? 20;
    if (!Number.isInteger(this.#minNewLabels) || this.#minNewLabels < 1) {
      throw new RangeError(`minNewLabels must be an integer >= 1, got ${this.#minNewLabels}`);
    }
    this.#o = options;
    this.#jobs = new TrainingJobs({
      store: options.store,
      bus: options.bus,
      project: options.project ?? 'default',
    });
  }

  /**
   * The model behind the latest version this service published (undefined before it published one, and
   * after a restart), for measuring it outside the product: `simulate --as-product` on a labeled test split.
   * A running job trains it further in place, so read it between jobs.
   */
  get publishedModel(): Pick<ContinualLearner, 'predict'> | undefined {
    return this.#state?.learner;
  }

  /** Starts a training job; throws the store's ConflictError while one of this project runs. */
  start(by: Actor, options: { readonly signal?: AbortSignal } = {}): TrainingRun {
    const scope: JobScope = { uncommitted: undefined };
    return this.#jobs.run(
      by,
      options.signal,
      (job) => this.#train(job, scope),
      () => this.#discard(scope),
    );
  }

  /**
   * Cold start, before any label: publishes the pre-trained backbone with an untrained head as the first
   * version and ranks the pool by robust k-center on the backbone's embeddings (ScoringService.coldStart), so the
   * first worklist covers the pool. Refused (RangeError, as the job's error) once a model is published.
   */
  startColdStart(by: Actor): TrainingRun {
    const scope: JobScope = { uncommitted: undefined };
    return this.#jobs.run(
      by,
      undefined,
      (job) => this.#coldStart(job, scope),
      () => this.#discard(scope),
    );
  }

  /** Asks the running job to stop at its next step; false when `jobId` is not running here. */
  cancel(jobId: number): boolean {
    return this.#jobs.cancel(jobId);
  }

  /** Cancels a running job and waits for its end (a published one finishes scoring first). */
  stop(): Promise<void> {
    return this.#jobs.stop();
  }

  /**
   * Consensus labels that are new, or changed, since those the latest model was trained from; the store
   * keeps those with the version, so the count goes on where it was after a restart. Audit labels are not
   * counted: they never train, so they must not start a job that would have nothing new to learn.
   */
  newLabelCount(): number {
    const { models, consensus, auditSample } = this.#o.store;
    const latest = models.latest();
    const seen = latest ? models.labelsOf(latest.version) : new Map<string, string>();
    return consensus
      .listLabeled()
      .filter((c) => seen.get(c.candidateId) !== c.value && !auditSample.has(c.candidateId)).length;
  }

  /** Starts a job when `minNewLabels` new labels arrived and none is running; otherwise null. */
  maybeTrain(by: Actor): TrainingRun | null {
    if (this.#jobs.busy) return null;
    return this.newLabelCount() >= this.#minNewLabels ? this.start(by) : null;
  }

  /** After a failed job: a learner that moved past the published model is dropped, so the next job retrains. */
  #discard(scope: JobScope): void {
    if (!scope.uncommitted) return;
    scope.uncommitted.dispose();
    if (this.#state?.learner === scope.uncommitted) this.#state = undefined;
  }

  async #train(job: JobContext, scope: JobScope): Promise<void> {
    const { store, embedder, classes } = this.#o;
    const { signal } = job;
    job.report(0.02, 'labels', 'collecting consensus labels');
    const labels = collectLabels(store, classes);
    const indexed = labels.map((l, index) => ({ index, label: l.label, id: l.candidate.id, audit: l.audit }));
    const train = indexed.filter((l) => !l.audit);
    const trained = this.#state?.trained ?? new Map<string, number>();
    const isOld = (l: LabeledCandidate & { id: string }) => trained.get(l.id) === l.label;
    const newOnes = train.filter((l) => !isOld(l));
    if (newOnes.length === 0) {
      const audit = labels.length - train.length;
      throw new RangeError(
        `no new training labels (${train.length} already trained on, ${audit} audit labels, which never train)`,
      );
    }

    const embeddings: Float32Array[] = [];
    for (const [i, l] of labels.entries()) {
      if (isTick(i, labels.length)) {
        job.report(
          0.05 + (0.35 * i) / labels.length,
          'embeddings',
          `embedding labeled frame ${i + 1} of ${labels.length}`,
        );
      }
      embeddings.push(await embedder.embed(l.candidate));
    }
    await this.#o.scoring.embedPool(signal, (done, total) => {
      if (isTick(done - 1, total)) {
        job.report(0.4 + (0.2 * done) / total, 'embeddings', `embedding unlabeled frame ${done} of ${total}`);
      }
    });
    const embeddingsOf = (index: number) => embeddings[index]!;
    job.report(0.6, 'fine-tune', `fine-tuning on ${newOnes.length} new of ${train.length} training labels`);
    const learner = this.#state?.learner ?? this.#freshLearner();
    scope.uncommitted = learner;
    const round = await learner.fineTune(train.filter(isOld), newOnes, embeddingsOf);

    job.report(0.7, 'publish', 'measuring the model on the audit sample, and random labeling against it');
    const audit = indexed.filter((l) => l.audit);
    const { measured, labelsSaved } = await measureAgainstRandom({
      learner,
      audit,
      embeddingsOf,
      classes,
      usedLabels: train.length,
      minAuditLabels: this.#o.minAuditLabels ?? DEFAULT_MIN_AUDIT_LABELS,
      newLearner: (seed) => this.#freshLearner(seed),
      seed: this.#o.seed ?? 0,
      signal,
    });
    job.report(0.75, 'publish', 'exporting and publishing the classifier');
    const perClass = classes.map((_, k) => train.filter((l) => l.label === k).length);
    const seen = new Map(labels.map((l) => [l.candidate.id, classes[l.label]!]));
    const published = this.#publish(
      learner,
      round,
      perClass,
      'reason' in measured ? measured : measured.metrics,
      seen,
      null,
      labelsSaved,
    );
    this.#state = { learner, trained: new Map(train.map((l) => [l.id, l.label])) };
    scope.uncommitted = undefined;
    await this.#announceAndScore(job, published, () => this.#o.scoring.score(published.version, learner));
  }

  async #coldStart(job: JobContext, scope: JobScope): Promise<void> {
    const latest = this.#o.store.models.latest();
    if (latest)
      throw new RangeError(`a cold start needs an empty registry, but ${latest.version} is published`);
    await this.#o.scoring.embedPool(job.signal, (done, total) => {
      if (isTick(done - 1, total)) {
        job.report((0.8 * done) / total, 'embeddings', `embedding unlabeled frame ${done} of ${total}`);
      }
    });
    job.report(0.8, 'publish', 'publishing the pre-trained backbone with an untrained head');
    const learner = this.#freshLearner();
    scope.uncommitted = learner;
    const round: RoundReport = {
      round: 0,
      trainingSet: { startFrom: 'initial', candidates: [], counts: { hard: 0, new: 0, previous: 0 } },
      epochLosses: [],
    };
    const published = this.#publish(
      learner,
      round,
      this.#o.classes.map(() => 0),
      { reason: 'the cold-start version is untrained: nothing to measure' },
      new Map(),
      this.#o.scoring.coldStartRule,
      null,
    );
    this.#state = { learner, trained: new Map() };
    scope.uncommitted = undefined;
    await this.#announceAndScore(job, published, () => this.#o.scoring.coldStart(published.version, learner));
  }

  #freshLearner(seed = this.#o.seed ?? 0): ContinualLearner {
    return new ContinualLearner({
      head: this.#headOptions(seed),
      training: this.#training(),
      strategy: this.#o.continualStrategy ?? DEFAULT_CONTINUAL_STRATEGY,
      patches: this.#o.embedder.plan.transforms.length,
      seed,
    });
  }

  #headOptions(seed = this.#o.seed ?? 0): HeadOptions {
    return {
      inputSize: this.#o.embedder.embeddingSize,
      classes: this.#o.classes.length,
      hiddenUnits: this.#o.hiddenUnits ?? DEFAULT_HEAD.hiddenUnits,
      seed,
    };
  }

  #training(): Omit<HeadTraining, 'rng'> {
    return { ...DEFAULT_HEAD_TRAINING, ...this.#o.training };
  }

  #publish(
    learner: ContinualLearner,
    round: RoundReport,
    labeledPerClass: readonly number[],
    measured: AuditedMetrics | NoAuditMetric,
    labels: ReadonlyMap<string, string>,
    coldStart: ModelCard['coldStart'],
    labelsSaved: ModelCard['labelsSaved'],
  ): PublishedModel {
    const { store, registryDir, embedder, classes } = this.#o;
    return publishModel(
      { store, registryDir, exportClassifier: this.#o.exportClassifier ?? exportClassifierToOnnx },
      labels,
      {
        createdAt: this.#o.clock(),
        classes,
        embedder,
        head: learner.head,
        headOptions: this.#headOptions(),
        training: this.#training(),
        continualStrategy: this.#o.continualStrategy ?? DEFAULT_CONTINUAL_STRATEGY,
        backend: this.#o.backend ?? tf.getBackend(),
        seed: this.#o.seed ?? 0,
        labeledPerClass,
        round,
        metrics: 'reason' in measured ? null : measured,
        metricsUnavailable: 'reason' in measured ? measured.reason : null,
        labelsSaved,
        scoring: this.#o.scoring.rule,
        coldStart,
      },
    );
  }

  /** After the publish, which cannot be undone: announce it, then score the pool (cache reads, predictions). */
  async #announceAndScore(
    job: JobContext,
    published: PublishedModel,
    score: () => Promise<number>,
  ): Promise<void> {
    job.commit();
    const { version, parent, sha256 } = published;
    this.#o.bus.emit('model.published', { version, parent, sha256, jobId: job.jobId });
    job.report(0.9, 'scoring', `scoring the unlabeled pool with ${version}`);
    await score();
    job.report(1, 'done', `published ${version}`);
  }
}
