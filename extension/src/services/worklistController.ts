// The annotator's leased worklist: fetched from the server, refilled when it runs low, refreshed when the
// server rescored the pool, and without the cases labeled here (even before their labels reach the server).
import type { WorklistItemDto } from '../../../trainer-server/src/api/schemas/index.js';
import { createObservable } from './observable.js';
import type { TrainerClient } from './trainerClient.js';
import type { FrameRef, Observable, WorklistCase } from './types.js';

export interface WorklistState {
  readonly modelVersion: string | null;
  readonly cases: readonly WorklistCase[];
}

export interface WorklistControllerOptions {
  readonly client: Pick<TrainerClient, 'worklist'>;
  /** Cases leased at a time; the server's batch size when undefined. */
  readonly size?: number | undefined;
}

export class WorklistController {
  readonly #state = createObservable<WorklistState>({ modelVersion: null, cases: [] });
  readonly state: Observable<WorklistState> = this.#state;
  readonly #o: WorklistControllerOptions;
  /** Candidates labeled in this session: the server may still list them until their labels arrive. */
  readonly #labeled = new Set<string>();
  /** How many cases the last fetch gave: below half of it counts as low. */
  #fetched = 0;
  #fetching: Promise<void> | undefined;

  constructor(options: WorklistControllerOptions) {
    this.#o = options;
  }

  /** Leases afresh (the server answers the caller's current leases first, so nothing is lost). */
  refresh(): Promise<void> {
    this.#fetching ??= (async () => {
      try {
        const { modelVersion, items } = await this.#o.client.worklist(this.#o.size);
        this.#fetched = items.length;
        this.#state.set({
          modelVersion,
          cases: items.map(toCase).filter((c) => !this.#labeled.has(c.candidateId)),
        });
      } finally {
        this.#fetching = undefined;
      }
    })();
    return this.#fetching;
  }

  /** Refreshes when fewer than half the last fetch's cases (at least one) are left. */
  async refillIfLow(): Promise<void> {
    if (this.#state.get().cases.length < Math.max(1, Math.ceil(this.#fetched / 2))) await this.refresh();
  }

  find(frame: FrameRef): WorklistCase | undefined {
    return this.#state
      .get()
      .cases.find(
        (c) =>
          c.sopInstanceUid === frame.sopInstanceUid &&
          c.frame === frame.frame &&
          c.seriesInstanceUid === frame.seriesInstanceUid,
      );
  }

  get(candidateId: string): WorklistCase | undefined {
    return this.#state.get().cases.find((c) => c.candidateId === candidateId);
  }

  /** Takes a labeled case off the list. */
  markLabeled(candidateId: string): void {
    this.#labeled.add(candidateId);
    const state = this.#state.get();
    this.#state.set({ ...state, cases: state.cases.filter((c) => c.candidateId !== candidateId) });
  }

  /** After an undo: the case may come back with the next refresh. */
  unmarkLabeled(candidateId: string): void {
    this.#labeled.delete(candidateId);
  }
}

function toCase(item: WorklistItemDto): WorklistCase {
  return {
    candidateId: item.candidateId,
    studyInstanceUid: item.studyInstanceUid,
    seriesInstanceUid: item.seriesInstanceUid,
    sopInstanceUid: item.sopInstanceUid,
    frame: item.frame,
    modality: item.modality,
    worthiness: item.worthiness,
    entropy: item.entropy,
    diversity: item.diversity,
    predictedClass: item.predictedClass,
    probability: item.probability,
  };
}
