// Scores the frame on screen exactly as the trainer server scores the pool: the same bytes (WADO-RS), the
// same decode (@aift/dicom-image), the same preprocessing and patches (@aift/selection-core), the published
// ONNX classifier, and the server's own scoring rule (createScoring with the card's rule).
import { openDicomPart10 } from '@aift/dicom-image';
import {
  createScoring,
  dicomFrameToImagePlane,
  entropy,
  extractPatches,
  meanProbabilities,
  toModelInput,
} from '@aift/selection-core';
import type {
  AugmentationPlan,
  ImagePlane,
  PatchProbabilities,
  PredictionScores,
} from '@aift/selection-core';
import { imageBox } from './heatMapGeometry.js';
import { LruCache } from './lruCache.js';
import type { CellProbabilities, RunnableModel } from './modelRuntime.js';
import type { FrameRef, FrameScore, HeatMap, SeriesStrip } from './types.js';

export interface FrameScorerOptions {
  /** Reads a Part-10 instance (createWadoInstanceReader). */
  readonly readInstance: (frame: FrameRef) => Promise<Uint8Array>;
  /** Decoded frames kept for rescoring after a model swap; default 16. */
  readonly planeCacheSize?: number;
}

/** A frame's score and heat map: both come from one inference of the plan's patches. */
interface Analysis {
  readonly score: FrameScore;
  /** Null when the model has no cell output (a version published before it had one). */
  readonly heatMap: HeatMap | null;
}

/** Analyses kept per model, so the badge and the heat map of the frame on screen share one inference. */
const ANALYSES_PER_MODEL = 4;

const frameKey = (f: FrameRef) =>
  `${f.studyInstanceUid}|${f.seriesInstanceUid}|${f.sopInstanceUid}|${f.frame}`;

export class FrameScorer {
  readonly #o: FrameScorerOptions;
  readonly #planes: LruCache<string, Promise<ImagePlane>>;
  /** One scoring function per model: a 'random' rule draws from one stream across calls, as on the server. */
  readonly #scorings = new WeakMap<RunnableModel, (p: PatchProbabilities) => PredictionScores>();
  readonly #analyses = new WeakMap<RunnableModel, LruCache<string, Promise<Analysis>>>();

  constructor(options: FrameScorerOptions) {
    this.#o = options;
    this.#planes = new LruCache(options.planeCacheSize ?? 16);
  }

  /** The frame as dicomFrameToImagePlane gives it ([0, 1]), decoded once while it stays in the cache. */
  plane(frame: FrameRef): Promise<ImagePlane> {
    const key = frameKey(frame);
    const cached = this.#planes.get(key);
    if (cached) return cached;
    const decoding = this.#o
      .readInstance(frame)
      // The browser's one conversion: `frame` is the DICOM frame number, dicom-image indexes frames from 0.
      .then((bytes) => dicomFrameToImagePlane(openDicomPart10(bytes).frame(frame.frame - 1)));
    this.#planes.set(key, decoding);
    // A failed read must not stay cached: the next attempt reads again.
    decoding.catch(() => {
      if (this.#planes.get(key) === decoding) this.#planes.delete(key);
    });
    return decoding;
  }

  /** The frame's scores under `model`: its plan's patches, run once, scored by the card's rule. */
  async score(model: RunnableModel, frame: FrameRef, signal?: AbortSignal): Promise<FrameScore> {
    return (await this.#analysis(model, frame, signal)).score;
  }

  /**
   * Normalised entropy of the model's prediction on each cell of the backbone's last feature map of the
   * plain image (patch 0), from the same inference as the frame's score; null when the model has no cell
   * output.
   */
  async heatMap(model: RunnableModel, frame: FrameRef, signal?: AbortSignal): Promise<HeatMap | null> {
    return (await this.#analysis(model, frame, signal)).heatMap;
  }

  /** Scores every frame in order, reporting after each; stops (AbortError) when `signal` aborts. */
  async strip(
    model: RunnableModel,
    frames: readonly FrameRef[],
    onUpdate: (strip: SeriesStrip) => void,
    signal?: AbortSignal,
  ): Promise<SeriesStrip> {
    const worthiness = new Float64Array(frames.length).fill(Number.NaN);
    const snapshot = (): SeriesStrip => ({
      seriesInstanceUid: frames[0]?.seriesInstanceUid ?? '',
      modelVersion: model.version,
      worthiness: worthiness.slice(),
      frames,
    });
    onUpdate(snapshot());
    for (const [i, frame] of frames.entries()) {
      signal?.throwIfAborted();
      worthiness[i] = (await this.score(model, frame, signal)).worthiness;
      onUpdate(snapshot());
    }
    return snapshot();
  }

  /**
   * The frame's analysis under `model`, shared by the callers that ask while it is cached. It runs without
   * their signals (one caller's cancellation must not fail another's); each caller stops on its own.
   */
  async #analysis(model: RunnableModel, frame: FrameRef, signal?: AbortSignal): Promise<Analysis> {
    signal?.throwIfAborted();
    let cache = this.#analyses.get(model);
    if (!cache) {
      cache = new LruCache(ANALYSES_PER_MODEL);
      this.#analyses.set(model, cache);
    }
    const key = frameKey(frame);
    let analysis = cache.get(key);
    if (!analysis) {
      const running = this.#analyse(model, frame);
      analysis = running;
      cache.set(key, running);
      running.catch(() => {
        if (cache.get(key) === running) cache.delete(key);
      });
    }
    const result = await analysis;
    signal?.throwIfAborted();
    return result;
  }

  async #analyse(model: RunnableModel, frame: FrameRef): Promise<Analysis> {
    const started = performance.now();
    const plane = await this.plane(frame);
    const { card } = model;
    const { inputSize, fit } = card.preprocessing;
    const square = toModelInput(plane, { size: inputSize, channels: 3, fit });
    const m = card.augmentationPlan.transforms.length;
    const patches = extractPatches(square, card.augmentationPlan, inputSize);
    const outputs = await model.run(patches, m);
    const nClasses = card.classes.length;
    const p: PatchProbabilities = { data: outputs.probabilities, nCandidates: 1, nPatches: m, nClasses };
    const { parts, worthiness } = this.#scoring(model)(p);
    const predicted = parts.predictedClass[0]!;
    const score: FrameScore = {
      frame,
      modelVersion: model.version,
      predictedClass: card.classes[predicted]!,
      probability: Math.min(1, parts.probability[0]!), // as the server stores it: rounding can pass 1
      classProbabilities: [...meanProbabilities(p)],
      entropy: parts.entropy[0]!,
      diversity: parts.diversity[0]!,
      worthiness: worthiness[0]!,
      patches: m,
      millis: performance.now() - started,
    };
    const plain = plainPatch(card.augmentationPlan);
    const heatMap: HeatMap | null =
      outputs.cells === null || plain < 0
        ? null
        : {
            frame,
            modelVersion: model.version,
            columns: outputs.cells.columns,
            rows: outputs.cells.rows,
            values: cellEntropies(outputs.cells, plain, nClasses),
            imageBox: imageBox(plane, fit),
          };
    return { score, heatMap };
  }

  #scoring(model: RunnableModel): (p: PatchProbabilities) => PredictionScores {
    let scoring = this.#scorings.get(model);
    if (!scoring) {
      scoring = createScoring(model.card.scoring);
      this.#scorings.set(model, scoring);
    }
    return scoring;
  }
}

/**
 * The plan's patch that is the plain image (buildPlan puts it first); -1 if none is. Only its cells lie
 * where the image's regions are: the other patches are scaled, shifted, flipped or rotated.
 */
function plainPatch(plan: AugmentationPlan): number {
  return plan.transforms.findIndex(
    (t) => t.scale === 1 && t.dx === 0 && t.dy === 0 && !t.flip && t.rot90 === 0,
  );
}

/** The entropy of each cell's prediction on patch `patch`, divided by log(classes): in [0, 1]. */
function cellEntropies(cells: CellProbabilities, patch: number, nClasses: number): Float32Array {
  const n = cells.rows * cells.columns;
  const data = cells.data.subarray(patch * n * nClasses, (patch + 1) * n * nClasses);
  const h = entropy({ data, nCandidates: n, nPatches: 1, nClasses });
  const norm = nClasses > 1 ? Math.log(nClasses) : 1;
  return Float32Array.from(h, (v) => Math.min(1, Math.max(0, v / norm)));
}
