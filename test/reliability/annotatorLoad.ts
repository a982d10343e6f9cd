// Simulated annotators labeling through the HTTP API at once, as the panel does: each leases a few cases
// (GET /api/worklist), labels every case it holds (POST /api/labels with an idempotency key, some sent
// twice at once as a retry in flight would be), now and then gives a case back (DELETE
// /api/worklist/leases), until nothing is left to label or the time is up. Training runs meanwhile on the
// server's own trigger, so models are published and the worklist rescored under the annotators' feet.
// Everything a client saw is recorded, for the figures (annotatorLoadFigures) and the checks
// (annotatorLoadChecks).
import { DEFAULT_LEASE_MINUTES } from '../../trainer-server/src/config/index.js';
import { listenToEvents } from '../trainer-server/api/support.js';

export interface Annotator {
  readonly name: string;
  readonly token: string;
}

export type RequestKind = 'worklist' | 'label' | 'release' | 'progress';

export interface RequestRecord {
  readonly kind: RequestKind;
  readonly annotator: string;
  /** 0 when no answer came (the connection failed). */
  readonly status: number;
  /** Wall clock (Date.now()) when the request was sent. */
  readonly sentAt: number;
  /** From sending to reading the whole body. */
  readonly ms: number;
}

/**
 * One stretch of time in which one annotator held one candidate's lease, in server time (the server
 * and the clients share this machine's clock). It starts when the server granted the lease and ends at
 * the last instant the annotator certainly still held it, so each episode lies inside the true holding.
 */
export interface LeaseEpisode {
  readonly candidateId: string;
  readonly annotator: string;
  /** The server's lease time from the fetch that first returned the case: its expiry less the TTL. */
  readonly grantedAt: number;
  /** The client's window around that fetch: sent, answer read. The grant must lie inside it. */
  readonly fetchWindow: readonly [number, number];
  /**
   * labeled: the label's server time (the same transaction deletes the lease); released: when the
   * DELETE was sent (the lease ended later); lost: the last renewal the server reported (the case
   * disappeared from the worklist without a label or a release).
   */
  readonly end: { readonly how: 'labeled' | 'released' | 'lost'; readonly at: number };
}

/** A label the server acknowledged (200 replay or 201 created). */
export interface AcknowledgedLabel {
  readonly annotator: string;
  readonly idempotencyKey: string;
  readonly candidateId: string;
  readonly value: string;
  readonly status: 200 | 201;
  readonly labelId: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly annotators: readonly Annotator[];
  /** Reads the server's events (model.published) during the run. */
  readonly adminToken: string;
  /** The synthetic ground truth of a candidate. */
  readonly truthOf: (candidateId: string) => string;
  readonly classes: readonly string[];
  /** Stop starting new batches after this long. */
  readonly durationMs: number;
  /** The worklist size each fetch asks for; the panel asks for a few. Default 4. */
  readonly batch?: number;
  /** Every this-many-th label of an annotator is sent twice at once with the same key. Default 10. */
  readonly retryEvery?: number;
  /** Every this-many-th batch of an annotator gives its last case back instead of labeling it. Default 7. */
  readonly releaseEvery?: number;
  /** How long an annotator looks at a case before labeling it. Default 0: as fast as the server answers. */
  readonly thinkMs?: number;
}

export interface LoadRun {
  readonly requests: readonly RequestRecord[];
  readonly episodes: readonly LeaseEpisode[];
  readonly labels: readonly AcknowledgedLabel[];
  readonly seconds: number;
  /** model.published events received while the annotators worked. */
  readonly modelsPublished: number;
  /** How many annotators stopped because the pool was done rather than by time. */
  readonly finishedPool: number;
}

/**
 * The server's lease time to live (`selection.leaseMinutes`, left at its default by the load run). A
 * worklist answer carries only the expiry, so the grant time is the expiry less this; the checks verify it
 * against the client's window around each fetch, so a different TTL cannot pass unnoticed.
 */
export const LEASE_TTL_MS = DEFAULT_LEASE_MINUTES * 60_000;
/** How long an annotator waits when the worklist is empty but the pool is not done (a rescoring runs). */
const EMPTY_WAIT_MS = 100;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small stable number from a candidate id (hex), so the same annotator always answers the same way. */
const hashOf = (candidateId: string): number => Number.parseInt(candidateId.slice(0, 6), 16);

/**
 * The answer annotator `a` gives: the truth, except that every fourth annotator calls a third of the cases
 * the other class (so consensus meets majorities and ties) and every fifth is unsure of one case in seven
 * (an answer that does not vote).
 */
function answerOf(options: LoadOptions, a: number, candidateId: string): string {
  const truth = options.truthOf(candidateId);
  const h = hashOf(candidateId);
  if (a % 5 === 4 && h % 7 === 0) return 'unsure';
  if (a % 4 === 3 && h % 3 === 0) return options.classes.find((c) => c !== truth) ?? truth;
  return truth;
}

interface Sent {
  readonly status: number;
  readonly json: unknown;
}

export async function runAnnotatorLoad(options: LoadOptions): Promise<LoadRun> {
  const batch = options.batch ?? 4;
  const retryEvery = options.retryEvery ?? 10;
  const releaseEvery = options.releaseEvery ?? 7;
  const thinkMs = options.thinkMs ?? 0;
  const requests: RequestRecord[] = [];
  const episodes: LeaseEpisode[] = [];
  const labels: AcknowledgedLabel[] = [];
  let finishedPool = 0;

  async function send(
    kind: RequestKind,
    who: Annotator,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Sent> {
    const sentAt = Date.now();
    const start = performance.now();
    let status = 0;
    let json: unknown;
    try {
      const response = await fetch(`${options.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${who.token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = response.status;
      json = await response.json();
    } catch {
      // A failed connection or a body that is not JSON: recorded (status 0 or the status), never retried.
    }
    requests.push({ kind, annotator: who.name, status, sentAt, ms: performance.now() - start });
    return { status, json };
  }

  async function annotate(who: Annotator, a: number, deadline: number): Promise<void> {
    /** The cases this annotator holds: the episode so far, and the server's latest renewal of it. */
    const held = new Map<string, { episode: Omit<LeaseEpisode, 'end'>; lastRenewal: number }>();
    const close = (candidateId: string, how: LeaseEpisode['end']['how'], at: number) => {
      const open = held.get(candidateId);
      if (open === undefined) return;
      held.delete(candidateId);
      episodes.push({ ...open.episode, end: { how, at } });
    };
    let labelCount = 0;
    for (let round = 1; Date.now() < deadline; round++) {
      const sentAt = Date.now();
      const { status, json } = await send('worklist', who, 'GET', `/api/worklist?n=${batch}`);
      const answeredAt = Date.now();
      if (status !== 200) continue;
      const items = (json as { items: { candidateId: string; leaseExpiresAt: string }[] }).items;
      const returned = new Set(items.map((item) => item.candidateId));
      for (const [candidateId, open] of held) {
        if (!returned.has(candidateId)) close(candidateId, 'lost', open.lastRenewal);
      }
      for (const item of items) {
        const grantedAt = Date.parse(item.leaseExpiresAt) - LEASE_TTL_MS;
        const open = held.get(item.candidateId);
        if (open) open.lastRenewal = grantedAt;
        else
          held.set(item.candidateId, {
            episode: {
              candidateId: item.candidateId,
              annotator: who.name,
              grantedAt,
              fetchWindow: [sentAt, answeredAt],
            },
            lastRenewal: grantedAt,
          });
      }
      if (items.length === 0) {
        const progress = await send('progress', who, 'GET', '/api/progress');
        if (progress.status === 200 && (progress.json as { inQueue: number }).inQueue === 0) {
          finishedPool++;
          break;
        }
        await delay(EMPTY_WAIT_MS);
        continue;
      }
      const giveBack = round % releaseEvery === 0 ? items[items.length - 1]!.candidateId : undefined;
      for (const { candidateId } of items) {
        if (candidateId === giveBack) continue;
        if (thinkMs > 0) await delay(thinkMs);
        labelCount++;
        const body = {
          candidateId,
          value: answerOf(options, a, candidateId),
          idempotencyKey: `${who.name}-${labelCount}`,
        };
        const tries = labelCount % retryEvery === 0 ? 2 : 1;
        const answers = await Promise.all(
          Array.from({ length: tries }, () => send('label', who, 'POST', '/api/labels', body)),
        );
        for (const answer of answers) {
          const { status } = answer;
          if (status !== 200 && status !== 201) continue;
          const stored = answer.json as { id: number; createdAt: string };
          labels.push({ annotator: who.name, ...body, status, labelId: stored.id });
          close(candidateId, 'labeled', Date.parse(stored.createdAt));
        }
      }
      if (giveBack !== undefined) {
        const releasedAt = Date.now();
        const released = await send('release', who, 'DELETE', '/api/worklist/leases', {
          candidateIds: [giveBack],
        });
        if (released.status === 200) close(giveBack, 'released', releasedAt);
      }
    }
    // Whatever is still held (a label that failed) goes back, so the next run starts from a free pool.
    const releasedAt = Date.now();
    const released = await send('release', who, 'DELETE', '/api/worklist/leases');
    if (released.status === 200)
      for (const candidateId of [...held.keys()]) close(candidateId, 'released', releasedAt);
    for (const [candidateId, open] of held) close(candidateId, 'lost', open.lastRenewal);
  }

  const events = listenToEvents(options.url, options.adminToken);
  await events.opened;
  const start = performance.now();
  const deadline = Date.now() + options.durationMs;
  try {
    await Promise.all(options.annotators.map((who, a) => annotate(who, a, deadline)));
  } finally {
    await events.stop();
  }
  return {
    requests,
    episodes,
    labels,
    seconds: (performance.now() - start) / 1000,
    modelsPublished: events.events.filter((e) => e.event === 'model.published').length,
    finishedPool,
  };
}
