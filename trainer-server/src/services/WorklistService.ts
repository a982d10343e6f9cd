import { randomExtension } from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';
import type { Lease, LeaseBatch, LeaseOptions, Store } from '../store/ports.js';
import { auditRate } from './auditRate.js';
import type { AuditPolicy } from './auditRate.js';

export interface WorklistServiceOptions {
  readonly store: Pick<Store, 'leases' | 'auditSample' | 'models'>;
  /** Draws the ACFT random extension; seeded by the composition root so a run can be replayed. */
  readonly rng: Rng;
  /** ACFT's omega >= 1: draw the batch from the top ceil(omega * n) worthy candidates; 1 = greedy. */
  readonly omega?: number;
  /** How long a served candidate stays reserved for its annotator. */
  readonly leaseTtlMs?: number;
  /** `project.readsPerCase`: a case with this many reads is served to nobody new; absent, no cap. */
  readonly readsPerCase?: number;
  /** The blind random audit (`selection.audit`); absent, no case is drawn for it. */
  readonly audit?: AuditPolicy;
}

/**
 * Serves the next worthy candidates of the latest model's scores to one annotator (MONAI Label's strategy
 * half: cheap, per request, reading what ScoringService stored) and records who holds which through
 * leases, so two annotators are never served the same case. The cases an annotator already holds stay
 * theirs (renewed): a refresh after a rescoring must not take away the case on their screen. The free slots
 * are filled from the top ceil(omega * n): with omega > 1 `randomExtension` draws them (weighted by
 * worthiness) and the rest is released; under a cold-start version they are its next picks, in order. With
 * `readsPerCase`, a case that has its reads is served to nobody new (see `LeaseOptions`). Until a model (or a cold start) is published nothing is scored, and the worklist
 * is empty.
 *
 * With an audit policy, the studies of a `rate` share of the pool (by `auditUnit`, independent of any model)
 * are reserved: the ranking never serves them. Each free slot is, with the policy's probability, filled by
 * one of them drawn uniformly at random instead (the blind audit sample: its labels measure every model
 * without the worklist's bias, on a sample that stays uniform over the whole pool however far the worklist
 * has eaten into its hard cases). When the ranking has nothing left, reserved cases fill the reply. Audit
 * cases are leased like any other and the new cases of a reply are sorted by worthiness, so neither the
 * reply's shape nor a case's place in it tells a reader which cases are audit cases.
 */
export class WorklistService {
  readonly #store: Pick<Store, 'leases' | 'auditSample' | 'models'>;
  readonly #rng: Rng;
  readonly #omega: number;
  readonly #ttlMs: number;
  readonly #leaseOptions: LeaseOptions;
  readonly #audit: AuditPolicy | undefined;

  constructor({
    store,
    rng,
    omega = 1,
    leaseTtlMs = 30 * 60_000,
    readsPerCase,
    audit,
  }: WorklistServiceOptions) {
    if (!(Number.isFinite(omega) && omega >= 1)) throw new RangeError(`omega must be >= 1, got ${omega}`);
    this.#store = store;
    this.#rng = rng;
    this.#omega = omega;
    this.#ttlMs = leaseTtlMs;
    if (audit) auditRate(audit, 0); // checks the policy now rather than at the first request
    this.#audit = audit;
    this.#leaseOptions = {
      ...(readsPerCase !== undefined && { readsPerCase }),
      ...(audit && { auditShare: audit.rate }),
    };
  }

  /**
   * Up to `n` leases for `annotator` (the ones they held, renewed, first), and the version that ranked them.
   * The cases new to this call (audit draws among them) follow, best first.
   */
  next(annotator: string, n: number): LeaseBatch {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
    const held = new Set(this.#store.leases.active(annotator).map((lease) => lease.candidateId));
    const audit = new Set(this.#drawAudit(annotator, n - Math.min(n, held.size)));
    // leaseNext answers the held ones (this call's audit draws included) first, so the limit never cuts them.
    const { leases: pool, rankingVersion } = this.#store.leases.leaseNext(
      annotator,
      held.size + audit.size + Math.ceil(this.#omega * n),
      this.#ttlMs,
      this.#leaseOptions,
    );
    const kept = pool.filter((lease) => held.has(lease.candidateId)).slice(0, n);
    const fresh = pool.filter((lease) => audit.has(lease.candidateId));
    const free = pool.filter((lease) => !held.has(lease.candidateId) && !audit.has(lease.candidateId));
    const slots = n - kept.length - fresh.length;
    // A cold start's order is a coverage order (robust k-center picks), not a worthiness: drawing from it
    // would serve neither its picks nor what the simulations measured, so it is served as it is.
    const greedy = this.#omega === 1 || this.#isColdStart(rankingVersion);
    if (greedy || free.length <= slots) fresh.push(...free.slice(0, slots));
    else if (slots > 0) {
      const scores = Float64Array.from(free, (lease) => lease.worthiness);
      for (const i of randomExtension(scores, { b: slots, omega: this.#omega, rng: this.#rng }))
        fresh.push(free[i]!);
    }
    // Only leases taken by this call go back: what the annotator held stays theirs, even beyond n.
    const keep = new Set(fresh.map((lease) => lease.candidateId));
    const surplus = free.filter((lease) => !keep.has(lease.candidateId)).map((lease) => lease.candidateId);
    if (surplus.length > 0) this.#store.leases.release(annotator, surplus);
    // The worklist's part of the pool is used up: the reserved cases still unread fill the rest.
    for (let missing = n - kept.length - fresh.length; missing > 0; missing--) {
      const lease = this.#drawOne(annotator);
      if (!lease) break;
      fresh.push(lease);
    }
    // Best first, so an audit case sits where its worthiness puts it, like any other.
    fresh.sort((a, b) => b.worthiness - a.worthiness || (a.candidateId < b.candidateId ? -1 : 1));
    return { leases: [...kept, ...fresh], rankingVersion };
  }

  #isColdStart(version: string | null): boolean {
    const coldStart = version === null ? null : this.#store.models.get(version)?.modelCard['coldStart'];
    return coldStart !== null && coldStart !== undefined;
  }

  /** Fills each of `slots` with an audit case at the policy's rate; they are then held like any lease. */
  #drawAudit(annotator: string, slots: number): string[] {
    const drawn: string[] = [];
    if (!this.#audit) return drawn;
    for (let slot = 0; slot < slots; slot++) {
      if (this.#rng.next() >= auditRate(this.#audit, this.#store.auditSample.count())) continue;
      const lease = this.#drawOne(annotator);
      if (!lease) break;
      drawn.push(lease.candidateId);
    }
    return drawn;
  }

  /** One reserved case, drawn uniformly with the seeded generator; null when none is left or no audit runs. */
  #drawOne(annotator: string): Lease | null {
    if (!this.#audit || this.#audit.rate === 0) return null;
    return this.#store.auditSample.drawAndLease(annotator, this.#ttlMs, this.#audit.rate, (count) =>
      Math.min(count - 1, Math.floor(this.#rng.next() * count)),
    );
  }

  /** Gives candidates back to the pool; returns how many leases ended. */
  release(annotator: string, candidateIds: readonly string[]): number {
    return this.#store.leases.release(annotator, candidateIds);
  }

  active(annotator?: string): readonly Lease[] {
    return this.#store.leases.active(annotator);
  }
}
