// What the image on screen is to the labeling. A worklist case is known at once; any other frame (opened
// from the study browser, a link, another frame of a stack) is looked up on the server by its UIDs, so every
// registered candidate can be labeled however it was opened, and a frame that is none says so.
import { createObservable } from './observable.js';
import { TrainerApiError } from './trainerClient.js';
import type { TrainerClient } from './trainerClient.js';
import type { FrameRef, Observable, ScreenCase, WorklistCase } from './types.js';
import { toCase } from './worklistController.js';
import type { WorklistController } from './worklistController.js';

export interface ScreenCaseOptions {
  readonly client: Pick<TrainerClient, 'candidate'>;
  readonly worklist: Pick<WorklistController, 'find' | 'state'>;
  readonly displayedFrame: Observable<FrameRef | null>;
}

const keyOf = (f: FrameRef) => `${f.studyInstanceUid}/${f.seriesInstanceUid}/${f.sopInstanceUid}/${f.frame}`;

export class ScreenCaseTracker {
  readonly #state = createObservable<ScreenCase>({ status: 'nothing' });
  readonly state: Observable<ScreenCase> = this.#state;
  readonly #current = createObservable<WorklistCase | null>(null);
  /** The candidate of `state`, or null: what labels apply to. */
  readonly current: Observable<WorklistCase | null> = this.#current;
  readonly #o: ScreenCaseOptions;
  /** The lookup in flight or done for the frame on screen, and the ranking version it was made under. */
  #lookup: { key: string; version: string | null; done: Promise<void> } | undefined;

  constructor(options: ScreenCaseOptions) {
    this.#o = options;
  }

  /** Starts following the frame on screen and the worklist; returns the unsubscribe function. */
  follow(): () => void {
    const stops = [
      this.#o.displayedFrame.subscribe(() => this.update()),
      this.#o.worklist.state.subscribe(() => this.update()),
    ];
    this.update();
    return () => stops.forEach((stop) => stop());
  }

  /** Resolves once the frame on screen is known to be a candidate or not (a label waits for it). */
  async settled(): Promise<void> {
    await this.#lookup?.done;
  }

  /** Re-reads what is on screen: a worklist case at once, else the server's answer for the frame. */
  update(): void {
    const frame = this.#o.displayedFrame.get();
    if (frame === null) return this.#set({ status: 'nothing' });
    const listed = this.#o.worklist.find(frame);
    if (listed !== undefined) return this.#set({ status: 'candidate', frame, case: listed });
    const key = keyOf(frame);
    const version = this.#o.worklist.state.get().modelVersion;
    // Known already under this ranking: the answer stands (a rescoring changes the version). A worklist
    // case just labeled stays a candidate while it is on screen: no lookup, no flash of 'checking'.
    const state = this.#state.get();
    if (state.status === 'candidate' && keyOf(state.frame) === key && state.case.modelVersion === version)
      return;
    if (this.#lookup?.key === key && this.#lookup.version === version) {
      if (state.status !== 'nothing' && keyOf(state.frame) === key) return;
    }
    this.#set({ status: 'checking', frame });
    const done = this.#o.client.candidate(frame).then(
      ({ modelVersion, ranking, candidate, yourAnswer }): ScreenCase => ({
        status: 'candidate',
        frame,
        case: toCase(candidate, modelVersion, ranking),
        ...(yourAnswer !== null && { yourAnswer }),
      }),
      (error: unknown): ScreenCase =>
        error instanceof TrainerApiError && error.status === 404
          ? { status: 'not-candidate', frame }
          : { status: 'failed', frame, error: error instanceof Error ? error.message : String(error) },
    );
    const lookup = {
      key,
      version,
      done: done.then((answer) => {
        // Only the answer for the frame still on screen counts; a failed lookup is tried again next time.
        if (this.#lookup !== lookup) return;
        if (answer.status === 'failed') this.#lookup = undefined;
        const shown = this.#o.displayedFrame.get();
        if (shown !== null && keyOf(shown) === key && this.#o.worklist.find(shown) === undefined)
          this.#set(answer);
      }),
    };
    this.#lookup = lookup;
  }

  #set(state: ScreenCase): void {
    this.#state.set(state);
    const next = state.status === 'candidate' ? state.case : null;
    const now = this.#current.get();
    // The same case keeps its object, so subscribers are not woken for nothing.
    if (next?.candidateId !== now?.candidateId || next?.modelVersion !== now?.modelVersion)
      this.#current.set(next);
  }
}
