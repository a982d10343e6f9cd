// The annotator's leased worklist: fetched from the server, refilled ahead in the background when it runs
// low (so the next case never waits for a refill), refreshed when the server rescored the pool, and
// without the cases labeled here (even before their labels reach the server).
import type { CandidateCaseDto, RankingDto, WorklistItemDto } from '@aift/contract';
import { createObservable } from './observable.js';
import type { TrainerClient } from './trainerClient.js';
import type { FrameRef, Observable, Ranking, WorklistCase } from './types.js';

export interface WorklistState {
  readonly modelVersion: string | null;
  readonly ranking: Ranking | null;
  readonly cases: readonly WorklistCase[];
}

export interface WorklistControllerOptions {
  readonly client: Pick<TrainerClient, 'worklist'>;
  /** Cases leased at a time; the server's batch size when undefined. */
  readonly size?: number | undefined;
}

export class WorklistController {
  readonly #state = createObservable<WorklistState>({ modelVersion: null, ranking: null, cases: [] });
  readonly state: Observable<WorklistState> = this.#state;
  readonly #o: WorklistControllerOptions;
  /**
   * Candidates labeled in this session, with the case as it was shown: the server may still list them until
   * their labels arrive, and undo brings the case back.
   */
  readonly #labeled = new Map<string, WorklistCase>();
  /** How many cases the last fetch gave: half of it or fewer left counts as low. */
  #fetched = 0;
  #fetching: Promise<void> | undefined;

  constructor(options: WorklistControllerOptions) {
    this.#o = options;
  }

  /** Leases afresh (the server answers the caller's current leases first, so nothing is lost). */
  refresh(): Promise<void> {
    this.#fetching ??= (async () => {
      try {
        const { modelVersion, ranking, items } = await this.#o.client.worklist(this.#o.size);
        this.#fetched = items.length;
        this.#state.set({
          modelVersion,
          ranking,
          cases: items
            .map((item) => toCase(item, modelVersion, ranking))
            .filter((c) => !this.#labeled.has(c.candidateId)),
        });
      } finally {
        this.#fetching = undefined;
      }
    })();
    return this.#fetching;
  }

  /**
   * Whether half the last fetch's cases or fewer are left: refilled then, in the background, the list has
   * its next cases again before the reader labels the rest.
   */
  isLow(): boolean {
    return this.#state.get().cases.length <= Math.floor(this.#fetched / 2);
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

  /** Takes a labeled case off the list, remembering it for undo. */
  markLabeled(labeled: WorklistCase): void {
    this.#labeled.set(labeled.candidateId, labeled);
    const state = this.#state.get();
    this.#state.set({ ...state, cases: state.cases.filter((c) => c.candidateId !== labeled.candidateId) });
  }

  /**
   * After an undo: the case is the reader's again (their lease outlived the label), so it goes back on the
   * list, in its place by the number shown, even when the server's answer cut it off at the list's size.
   * Returns it as it was labeled, if it was labeled here.
   */
  restore(candidateId: string): WorklistCase | undefined {
    const labeled = this.#labeled.get(candidateId);
    this.#labeled.delete(candidateId);
    const state = this.#state.get();
    if (labeled === undefined || state.cases.some((c) => c.candidateId === candidateId)) return labeled;
    const rank = (c: WorklistCase) => c.worthiness ?? -Infinity;
    this.#state.set({ ...state, cases: [...state.cases, labeled].sort((a, b) => rank(b) - rank(a)) });
    return labeled;
  }
}

/** The server's case (leased or looked up) with the version whose scores it carries. */
export function toCase(
  item: WorklistItemDto | CandidateCaseDto,
  modelVersion: string | null,
  ranking: RankingDto | null,
): WorklistCase {
  return {
    candidateId: item.candidateId,
    studyInstanceUid: item.studyInstanceUid,
    seriesInstanceUid: item.seriesInstanceUid,
    sopInstanceUid: item.sopInstanceUid,
    frame: item.frame,
    modality: item.modality,
    modelVersion,
    ranking,
    worthiness: item.worthiness,
    pick: item.pick,
    entropy: item.entropy,
    diversity: item.diversity,
    predictedClass: item.predictedClass,
    probability: item.probability,
  };
}
