// Keeps the badge, heat map and series strip in step with what is on screen: whenever the displayed frame
// or the model changes, the stale work is cancelled and the new frame scored.
import type { FrameScorer } from './frameScorer.js';
import type { RunnableModel } from './modelRuntime.js';
import { createObservable } from './observable.js';
import type { FrameRef, FrameScore, HeatMap, Observable, SeriesStrip, ViewerPort } from './types.js';

export interface FrameAnalysisOptions {
  readonly scorer: FrameScorer;
  readonly model: Observable<RunnableModel | null>;
  readonly viewer: Pick<ViewerPort, 'displayedFrame' | 'seriesFrames'>;
  readonly heatMapOn: Observable<boolean>;
  readonly onError: (error: unknown) => void;
}

const sameFrame = (a: FrameRef | null | undefined, b: FrameRef | null | undefined) =>
  a?.sopInstanceUid === b?.sopInstanceUid &&
  a?.frame === b?.frame &&
  a?.seriesInstanceUid === b?.seriesInstanceUid;

export class FrameAnalysis {
  readonly #score = createObservable<FrameScore | null>(null);
  readonly #heatMap = createObservable<HeatMap | null>(null);
  readonly #strip = createObservable<SeriesStrip | null>(null);
  readonly score: Observable<FrameScore | null> = this.#score;
  readonly heatMap: Observable<HeatMap | null> = this.#heatMap;
  readonly strip: Observable<SeriesStrip | null> = this.#strip;
  readonly #o: FrameAnalysisOptions;
  readonly #unsubscribe: (() => void)[];
  #frameWork = new AbortController();
  #stripWork = new AbortController();
  #stripKey: string | undefined;

  constructor(options: FrameAnalysisOptions) {
    this.#o = options;
    this.#unsubscribe = [
      options.viewer.displayedFrame.subscribe(() => this.refresh()),
      options.model.subscribe(() => this.refresh()),
      options.heatMapOn.subscribe(() => this.#refreshHeatMap()),
    ];
  }

  /** Rescores the displayed frame (and heat map and strip) under the current model. */
  refresh(): void {
    this.#frameWork.abort();
    this.#frameWork = new AbortController();
    const frame = this.#o.viewer.displayedFrame.get();
    const model = this.#o.model.get();
    const score = this.#score.get();
    if (!sameFrame(score?.frame, frame) || score?.modelVersion !== model?.version) this.#score.set(null);
    if (frame === null || model === null) {
      this.#heatMap.set(null);
      this.#refreshStrip(null, null);
      return;
    }
    const { signal } = this.#frameWork;
    this.#run(signal, async () => {
      const result = await this.#o.scorer.score(model, frame, signal);
      if (!signal.aborted) this.#score.set(result);
    });
    this.#refreshHeatMap();
    this.#refreshStrip(frame, model);
  }

  dispose(): void {
    this.#frameWork.abort();
    this.#stripWork.abort();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  #refreshHeatMap(): void {
    const frame = this.#o.viewer.displayedFrame.get();
    const model = this.#o.model.get();
    const current = this.#heatMap.get();
    if (!this.#o.heatMapOn.get() || frame === null || model === null) {
      this.#heatMap.set(null);
      return;
    }
    if (sameFrame(current?.frame, frame) && current?.modelVersion === model.version) return;
    this.#heatMap.set(null);
    const { signal } = this.#frameWork;
    this.#run(signal, async () => {
      const result = await this.#o.scorer.heatMap(model, frame, signal);
      if (!signal.aborted && this.#o.heatMapOn.get()) this.#heatMap.set(result);
    });
  }

  /** The strip belongs to the series and model: browsing its frames does not restart it. */
  #refreshStrip(frame: FrameRef | null, model: RunnableModel | null): void {
    const key = frame && model ? `${frame.seriesInstanceUid}|${model.version}` : undefined;
    if (key === this.#stripKey) return;
    this.#stripKey = key;
    this.#stripWork.abort();
    this.#stripWork = new AbortController();
    this.#strip.set(null);
    if (!frame || !model) return;
    const frames = this.#o.viewer.seriesFrames(frame.seriesInstanceUid);
    if (frames.length <= 1) return;
    const { signal } = this.#stripWork;
    this.#run(signal, () =>
      this.#o.scorer.strip(model, frames, (strip) => signal.aborted || this.#strip.set(strip), signal),
    );
  }

  /** Runs stale-able work: a failure after its cancellation (or a released model) is not an error. */
  #run(signal: AbortSignal, work: () => Promise<unknown>): void {
    work().catch((error: unknown) => {
      if (!signal.aborted) this.#o.onError(error);
    });
  }
}
