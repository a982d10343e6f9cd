// Scores the frame on screen exactly as the trainer server scores the pool: the same bytes (WADO-RS), the
// same decode (@aift/dicom-image), the same preprocessing and patches (@aift/selection-core), the published
// ONNX classifier, and the server's own scoring rule (createScoring with the card's rule).
import { openDicomPart10 } from '@aift/dicom-image';
import {
  createScoring,
  dicomFrameToImagePlane,
  extractPatches,
  meanProbabilities,
  toModelInput,
} from '@aift/selection-core';
import type { ImagePlane, PatchProbabilities, PredictionScores } from '@aift/selection-core';
import { heatMapWindows, imageBox, normalisedEntropies } from './heatMapWindows.js';
import { LruCache } from './lruCache.js';
import type { RunnableModel } from './modelRuntime.js';
import type { FrameRef, FrameScore, HeatMap, SeriesStrip } from './types.js';

export interface FrameScorerOptions {
  /** Reads a Part-10 instance (createWadoInstanceReader). */
  readonly readInstance: (frame: FrameRef) => Promise<Uint8Array>;
  /** Decoded frames kept for rescoring after a model swap; default 16. */
  readonly planeCacheSize?: number;
  /** Heat-map window side and stride as fractions of the model-input square; default 0.5 and 0.25. */
  readonly heatMap?: { readonly window?: number; readonly stride?: number };
}

export const DEFAULT_HEAT_MAP = { window: 0.5, stride: 0.25 } as const;

const frameKey = (f: FrameRef) =>
  `${f.studyInstanceUid}|${f.seriesInstanceUid}|${f.sopInstanceUid}|${f.frame}`;

export class FrameScorer {
  readonly #o: FrameScorerOptions;
  readonly #planes: LruCache<string, Promise<ImagePlane>>;
  /** One scoring function per model: a 'random' rule draws from one stream across calls, as on the server. */
  readonly #scorings = new WeakMap<RunnableModel, (p: PatchProbabilities) => PredictionScores>();

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
    const started = performance.now();
    const square = await this.#square(model, frame, signal);
    const { card } = model;
    const m = card.augmentationPlan.transforms.length;
    const patches = extractPatches(square, card.augmentationPlan, card.preprocessing.inputSize);
    const p: PatchProbabilities = {
      data: await model.run(patches, m),
      nCandidates: 1,
      nPatches: m,
      nClasses: card.classes.length,
    };
    signal?.throwIfAborted();
    const { parts, worthiness } = this.#scoring(model)(p);
    const predicted = parts.predictedClass[0]!;
    return {
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
  }

  /** Normalised entropy of the model's prediction in each sliding window, all windows in one run. */
  async heatMap(model: RunnableModel, frame: FrameRef, signal?: AbortSignal): Promise<HeatMap> {
    const window = this.#o.heatMap?.window ?? DEFAULT_HEAT_MAP.window;
    const stride = this.#o.heatMap?.stride ?? DEFAULT_HEAT_MAP.stride;
    const square = await this.#square(model, frame, signal);
    const { plan, columns, rows } = heatMapWindows(window, stride);
    const size = model.card.preprocessing.inputSize;
    const p = await model.run(extractPatches(square, plan, size), plan.transforms.length);
    signal?.throwIfAborted();
    return {
      frame,
      modelVersion: model.version,
      columns,
      rows,
      values: normalisedEntropies(p, model.card.classes.length),
      window,
      stride,
      imageBox: imageBox(await this.plane(frame), model.card.preprocessing.fit),
    };
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

  async #square(model: RunnableModel, frame: FrameRef, signal?: AbortSignal): Promise<ImagePlane> {
    const plane = await this.plane(frame);
    signal?.throwIfAborted();
    const { inputSize, fit } = model.card.preprocessing;
    return toModelInput(plane, { size: inputSize, channels: 3, fit });
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
