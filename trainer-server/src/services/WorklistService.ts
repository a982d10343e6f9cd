import { randomExtension } from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';
import type { Lease, LeaseBatch, LeaseOptions, Store } from '../store/ports.js';

export interface WorklistServiceOptions {
  readonly store: Pick<Store, 'leases'>;
  /** Draws the ACFT random extension; seeded by the composition root so a run can be replayed. */
  readonly rng: Rng;
  /** ACFT's omega >= 1: draw the batch from the top ceil(omega * n) worthy candidates; 1 = greedy. */
  readonly omega?: number;
  /** How long a served candidate stays reserved for its annotator. */
  readonly leaseTtlMs?: number;
  /** `project.readsPerCase`: a case with this many reads is served to nobody new; absent, no cap. */
  readonly readsPerCase?: number;
}

/**
 * Serves the next worthy candidates of the latest model's scores to one annotator (MONAI Label's strategy
 * half: cheap, per request, reading what ScoringService stored) and records who holds which through
 * leases, so two annotators are never served the same case. The cases an annotator already holds stay
 * theirs (renewed): a refresh after a rescoring must not take away the case on their screen. The free slots
 * are filled from the top ceil(omega * n): with omega > 1 `randomExtension` draws them (weighted by
 * worthiness) and the rest is released. With `readsPerCase`, a case that has its reads is served to nobody
 * new (see `LeaseOptions`). Until a model (or a cold start) is published nothing is scored, and the worklist
 * is empty.
 */
export class WorklistService {
  readonly #store: Pick<Store, 'leases'>;
  readonly #rng: Rng;
  readonly #omega: number;
  readonly #ttlMs: number;
  readonly #leaseOptions: LeaseOptions;

  constructor({ store, rng, omega = 1, leaseTtlMs = 30 * 60_000, readsPerCase }: WorklistServiceOptions) {
    if (!(Number.isFinite(omega) && omega >= 1)) throw new RangeError(`omega must be >= 1, got ${omega}`);
    this.#store = store;
    this.#rng = rng;
    this.#omega = omega;
    this.#ttlMs = leaseTtlMs;
    this.#leaseOptions = readsPerCase === undefined ? {} : { readsPerCase };
  }

  /** Up to `n` leases for `annotator` (the ones they held, renewed, first), and the version that ranked them. */
  next(annotator: string, n: number): LeaseBatch {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
    const held = new Set(this.#store.leases.active(annotator).map((lease) => lease.candidateId));
    // leaseNext answers the held ones first, so they are never cut off by the limit.
    const { leases: pool, rankingVersion } = this.#store.leases.leaseNext(
      annotator,
      held.size + Math.ceil(this.#omega * n),
      this.#ttlMs,
      this.#leaseOptions,
    );
    const kept = pool.filter((lease) => held.has(lease.candidateId)).slice(0, n);
    const free = pool.filter((lease) => !held.has(lease.candidateId));
    const slots = n - kept.length;
    if (this.#omega === 1 || free.length <= slots) kept.push(...free.slice(0, slots));
    else if (slots > 0) {
      const scores = Float64Array.from(free, (lease) => lease.worthiness);
      for (const i of randomExtension(scores, { b: slots, omega: this.#omega, rng: this.#rng }))
        kept.push(free[i]!);
    }
    // Only leases taken by this call go back: what the annotator held stays theirs, even beyond n.
    const keep = new Set(kept.map((lease) => lease.candidateId));
    const surplus = free.filter((lease) => !keep.has(lease.candidateId)).map((lease) => lease.candidateId);
    if (surplus.length > 0) this.#store.leases.release(annotator, surplus);
    return { leases: kept, rankingVersion };
  }

  /** Gives candidates back to the pool; returns how many leases ended. */
  release(annotator: string, candidateIds: readonly string[]): number {
    return this.#store.leases.release(annotator, candidateIds);
  }

  active(annotator?: string): readonly Lease[] {
    return this.#store.leases.active(annotator);
  }
}
