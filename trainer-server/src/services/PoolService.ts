import type { CandidateQuery, ImageSource } from '../pacs/ports.js';
import type { CandidateRef, Store } from '../store/ports.js';

export interface PoolRegistration {
  /** Candidate frames the PACS listed for the query. */
  readonly listed: number;
  /** Of those, how many were new to the store. */
  readonly registered: number;
  readonly alreadyKnown: number;
}

export interface PoolServiceOptions {
  readonly store: Pick<Store, 'candidates'>;
  readonly source: Pick<ImageSource, 'listCandidates'>;
}

/** Fills the unlabeled pool from the PACS. Registering the same frames again changes nothing. */
export class PoolService {
  readonly #store: Pick<Store, 'candidates'>;
  readonly #source: Pick<ImageSource, 'listCandidates'>;

  constructor({ store, source }: PoolServiceOptions) {
    this.#store = store;
    this.#source = source;
  }

  async register(query: CandidateQuery = {}): Promise<PoolRegistration> {
    const listed = await this.#source.listCandidates(query);
    const refs = listed.map((c): CandidateRef => ({
      studyInstanceUid: c.studyInstanceUid,
      seriesInstanceUid: c.seriesInstanceUid,
      sopInstanceUid: c.sopInstanceUid,
      frame: c.frame,
      modality: c.modality,
    }));
    const registered = this.#store.candidates.registerMany(refs);
    return { listed: refs.length, registered, alreadyKnown: refs.length - registered };
  }
}
