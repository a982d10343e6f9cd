import type { Actor, Store } from '../store/ports.js';
import { isBlinded } from './blindReview.js';

export interface ProgressServiceOptions {
  readonly store: Pick<Store, 'consensus'>;
  /** `project.blindReview`: annotators get nothing derived from other annotators' votes. */
  readonly blindReview: boolean;
}

/** How far the project's labeling is, as one viewer may see it. */
export interface ProjectProgress {
  readonly candidates: number;
  /** Candidates with at least one class vote or an adjudication. */
  readonly labeled: number;
  /** Candidates still waiting for a class label. */
  readonly inQueue: number;
  /** Share of multiply-labeled candidates whose votes agree; null when none is, or when hidden from the viewer. */
  readonly agreementRate: number | null;
}

/** The labeling panel's counts; under blind review an annotator's view leaves out the agreement rate. */
export class ProgressService {
  readonly #o: ProgressServiceOptions;

  constructor(options: ProgressServiceOptions) {
    this.#o = options;
  }

  of(viewer: Actor): ProjectProgress {
    const { candidates, labeled, agreementRate } = this.#o.store.consensus.counts();
    // With few doubly read cases the rate tells a reader whether colleagues read theirs the same way.
    const blind = isBlinded({ actor: viewer, blindReview: this.#o.blindReview });
    return {
      candidates,
      labeled,
      inQueue: candidates - labeled,
      agreementRate: blind ? null : agreementRate,
    };
  }
}
