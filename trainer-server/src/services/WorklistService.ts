import { randomExtension } from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';
import type { Lease, Store } from '../store/ports.js';

export interface WorklistServiceOptions {
  readonly store: Pick<Store, 'leases'>;
  /** Draws the ACFT random extension; seeded by the composition root so a run can be replayed. */
  readonly rng: Rng;
  /** ACFT's omega >= 1: draw the batch from the top ceil(omega * n) worthy candidates; 1 = greedy. */
  readonly omega?: number;
  /** How long a served candidate stays reserved for its annotator. */
  readonly leaseTtlMs?: number;
}

/**
 * Serves the next worthy candidates of the latest model's scores to one annotator (MONAI Label's strategy
 * half: cheap, per request, reading what ScoringService stored) and records who holds which through
 * leases, so two annotators are never served the same case. With omega > 1 it leases the top
 * ceil(omega * n), keeps the n that `randomExtension` draws (weighted by worthiness) and releases the rest,
 * so a retried call draws again. Until a model (or a cold start) is published nothing is scored, and the
 * worklist is empty.
 */
export class WorklistService {
  readonly #store: Pick<Store, 'leases'>;
  readonly #rng: Rng;
  readonly #omega: number;
  readonly #ttlMs: number;

  constructor({ store, rng, omega = 1, leaseTtlMs = 30 * 60_000 }: WorklistServiceOptions) {
    if (!(Number.isFinite(omega) && omega >= 1)) throw new RangeError(`omega must be >= 1, got ${omega}`);
    this.#store = store;
    this.#rng = rng;
    this.#omega = omega;
    this.#ttlMs = leaseTtlMs;
  }

  /** Up to `n` leases for `annotator`, in the order they were drawn. */
  next(annotator: string, n: number): readonly Lease[] {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
    const pool = this.#store.leases.leaseNext(annotator, Math.ceil(this.#omega * n), this.#ttlMs);
    if (this.#omega === 1 || pool.length <= n) return pool.slice(0, n);
    const scores = Float64Array.from(pool, (lease) => lease.worthiness);
    const drawn = Array.from(
      randomExtension(scores, { b: n, omega: this.#omega, rng: this.#rng }),
      (i) => pool[i]!,
    );
    const kept = new Set(drawn.map((lease) => lease.candidateId));
    this.#store.leases.release(
      annotator,
      pool.filter((lease) => !kept.has(lease.candidateId)).map((lease) => lease.candidateId),
    );
    return drawn;
  }

  /** Gives candidates back to the pool; returns how many leases ended. */
  release(annotator: string, candidateIds: readonly string[]): number {
    return this.#store.leases.release(annotator, candidateIds);
  }

  active(annotator?: string): readonly Lease[] {
    return this.#store.leases.active(annotator);
  }
}
