// Labels go through a durable queue: persisted in IndexedDB before label() resolves, sent in order, each
// until the server acknowledges it. The idempotency key makes every retry store the label once.
// One browser may serve several readers in turn (a shared reading-room workstation): each label records
// the identity of the Authorization header it was made under, and goes out only with a header of that same
// identity, so one reader's queued labels are never stored as another's. The others' labels stay queued.
import { exponentialBackoff } from './backoff.js';
import { LabelStore } from './labelStore.js';
import type { QueuedLabel, RejectedLabel } from './labelStore.js';
import { createObservable } from './observable.js';
import { isRetryable, TrainerApiError } from './trainerClient.js';
import type { TrainerClient } from './trainerClient.js';
import type { ConnectionState, Observable, PendingLabel } from './types.js';
import { userIdentity } from './userIdentity.js';

export interface LabelQueueOptions {
  /** Its `headers()` say who is signed in now; labels are sent with the header their user was checked on. */
  readonly client: Pick<TrainerClient, 'headers' | 'postLabel' | 'retractLabel'>;
  /** The IndexedDB database, one per trainer; every user of the browser shares it (labels record who). */
  readonly dbName: string;
  /** Called after the server acknowledged a label. */
  readonly onAcknowledged?: (label: PendingLabel) => void;
  /** Retry delay after a failed send, doubled up to `maxRetryMs`; defaults 500 ms and 30 s. */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
  /**
   * With nothing of the signed-in user's to send, how often to look who is signed in (nothing announces
   * a sign-in): another user's held labels then go, and the panel shows the new user's; default 2 s.
   */
  readonly signInPollMs?: number;
}

export class LabelQueue {
  readonly #connection = createObservable<ConnectionState>({
    online: true,
    queued: 0,
    heldForOtherUser: 0,
    heldFromUnknownUser: 0,
    lastError: null,
  });
  readonly connection: Observable<ConnectionState> = this.#connection;
  /** The signed-in user's last label; another user's is never shown or undone. */
  readonly #lastLabel = createObservable<PendingLabel | null>(null);
  readonly lastLabel: Observable<PendingLabel | null> = this.#lastLabel;
  readonly #o: LabelQueueOptions;
  #store: LabelStore | undefined;
  #closed = false;
  /** The send in progress, if any. */
  #sending: Promise<void> | undefined;
  /** A label being undone: the sender must not start it meanwhile. */
  #holding: string | undefined;
  #wake: (() => void) | undefined;
  /** A nudge while the sender was busy: its next sleep returns at once. */
  #nudged = false;
  #loop: Promise<void> | undefined;

  constructor(options: LabelQueueOptions) {
    this.#o = options;
  }

  /** Opens the database, shows the signed-in user's last label and queue counts, and starts sending. */
  async open(): Promise<void> {
    this.#store = await LabelStore.open(this.#o.dbName);
    await this.#show((await this.#signedIn()).identity);
    this.#loop = this.#run();
  }

  /** Persists a new label as the signed-in user's (resolves only once it is durable), then wakes the sender. */
  async enqueue(label: { candidateId: string; value: string; note?: string }): Promise<PendingLabel> {
    const { identity } = await this.#signedIn();
    const pending: QueuedLabel = {
      idempotencyKey: crypto.randomUUID(),
      candidateId: label.candidateId,
      value: label.value,
      ...(label.note === undefined ? {} : { note: label.note }),
      createdAt: new Date().toISOString(),
      identity,
    };
    await this.#db().enqueue(pending);
    await this.#show(identity);
    this.#nudge();
    return pending;
  }

  /**
   * Takes back the signed-in user's last label: deleted from the queue while unsent, else retracted on the
   * server. Returns it, or null when that user has nothing to undo.
   */
  async undo(): Promise<PendingLabel | null> {
    const { headers, identity } = await this.#signedIn();
    const store = this.#db();
    const last = await store.last(identity);
    if (last === null) {
      await this.#show(identity);
      return null;
    }
    this.#holding = last.idempotencyKey;
    try {
      // A send of this very label may be on the wire: let it settle (a failed send stays queued).
      await this.#sending?.catch(() => undefined);
      if (!(await store.remove(last.idempotencyKey))) {
        const sent = await store.last(identity);
        if (sent?.idempotencyKey !== last.idempotencyKey || sent.serverId === undefined)
          throw new Error('the last label was neither queued nor acknowledged');
        await this.#o.client.retractLabel(sent.serverId, headers);
      }
      await store.clearLast(identity);
      await this.#show(identity);
      return last;
    } finally {
      this.#holding = undefined;
      this.#nudge();
    }
  }

  /** Labels the server refused, whoever made them. */
  rejected(): Promise<RejectedLabel[]> {
    return this.#db().rejected();
  }

  /** Stops sending and closes the database; queued labels stay for the next session. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#nudge();
    await this.#loop;
    this.#store?.close();
  }

  async #run(): Promise<void> {
    const backoff = exponentialBackoff(this.#o.initialRetryMs ?? 500, this.#o.maxRetryMs ?? 30_000);
    while (!this.#closed) {
      const pass = await this.#sendNext().catch((error: unknown) => {
        // No answer, a 5xx from the trainer or a proxy before it, or a sign-in it did not accept:
        // offline until a send gets through.
        this.#update({ online: false, lastError: messageOf(error) });
        return 'failed' as const;
      });
      if (pass === 'failed') {
        await this.#sleep(backoff.next());
        continue;
      }
      backoff.reset();
      if (pass === 'nothing') await this.#sleep(this.#o.signInPollMs ?? 2_000);
    }
  }

  /**
   * Sends the signed-in user's oldest label with the header that user was read from (the header may
   * change between passes). Rejects when the label should be sent again later.
   */
  async #sendNext(): Promise<'sent' | 'nothing'> {
    const { headers, identity } = await this.#signedIn();
    await this.#show(identity);
    const next = await this.#db().first(identity);
    // Checked right after the last await, so an undo that began meanwhile is seen.
    if (next === undefined || next.idempotencyKey === this.#holding) return 'nothing';
    this.#sending = this.#send(next, headers);
    try {
      await this.#sending;
    } finally {
      this.#sending = undefined;
    }
    return 'sent';
  }

  /** Sends one label; rejects only when it should be sent again later. */
  async #send(label: QueuedLabel, headers: Record<string, string>): Promise<void> {
    const store = this.#db();
    try {
      const stored = await this.#o.client.postLabel(
        {
          candidateId: label.candidateId,
          value: label.value,
          ...(label.note === undefined ? {} : { note: label.note }),
          idempotencyKey: label.idempotencyKey,
        },
        headers,
      );
      const acknowledged = await store.acknowledge(label, stored.id);
      await this.#show(label.identity, { online: true, lastError: null });
      this.#o.onAcknowledged?.(acknowledged);
    } catch (error) {
      // A 401 says nothing about the label, only that the sign-in (an expired token, say) was not accepted.
      const later = isRetryable(error) || !(error instanceof TrainerApiError) || error.status === 401;
      if (later) throw error;
      await store.reject({
        label,
        status: error.status,
        message: error.message,
        rejectedAt: new Date().toISOString(),
      });
      await this.#show(label.identity, {
        online: true,
        lastError: `the server refused a ${label.value} label (${error.status}): ${error.message}`,
      });
    }
  }

  /** The header requests go out with now, and the identity of its user. */
  async #signedIn(): Promise<{ headers: Record<string, string>; identity: string }> {
    const headers = await this.#o.client.headers();
    return { headers, identity: await userIdentity(headers) };
  }

  /** Publishes `identity`'s queue counts and last label, with `change` to the connection. */
  async #show(identity: string, change: Partial<ConnectionState> = {}): Promise<void> {
    const store = this.#db();
    const counts = await store.counts(identity);
    const last = await store.last(identity);
    this.#update({
      ...change,
      queued: counts.own,
      heldForOtherUser: counts.otherUser,
      heldFromUnknownUser: counts.unknownUser,
    });
    const shown = this.#lastLabel.get();
    // The sender looks every pass: tell listeners only of a change.
    if (last?.idempotencyKey !== shown?.idempotencyKey || last?.serverId !== shown?.serverId)
      this.#lastLabel.set(last);
  }

  #update(change: Partial<ConnectionState>): void {
    const current = this.#connection.get();
    const next = { ...current, ...change };
    const keys = Object.keys(next) as (keyof ConnectionState)[];
    if (keys.some((key) => next[key] !== current[key])) this.#connection.set(next);
  }

  /** Waits `ms` (forever when undefined) or until #nudge(); a nudge that came early ends it at once. */
  #sleep(ms: number | undefined): Promise<void> {
    if (this.#nudged) {
      this.#nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wake = () => {
        clearTimeout(timer);
        if (this.#wake === wake) this.#wake = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(wake, ms);
      this.#wake = wake;
    });
  }

  /** Makes the sender look at the queue again now. */
  #nudge(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    if (wake) wake();
    else this.#nudged = true;
  }

  #db(): LabelStore {
    if (this.#store === undefined) throw new Error('the label queue is not open');
    return this.#store;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
