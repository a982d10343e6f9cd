// Labels go through a durable queue: persisted in IndexedDB before label() resolves, sent in order, each
// until the server acknowledges it. The idempotency key makes every retry store the label once.
import { LabelStore } from './labelStore.js';
import type { RejectedLabel } from './labelStore.js';
import { createObservable } from './observable.js';
import { isRetryable, TrainerApiError } from './trainerClient.js';
import type { TrainerClient } from './trainerClient.js';
import type { ConnectionState, Observable, PendingLabel } from './types.js';

export interface LabelQueueOptions {
  readonly client: Pick<TrainerClient, 'postLabel' | 'retractLabel'>;
  /** The IndexedDB database; one per trainer and user, so two accounts never send each other's labels. */
  readonly dbName: string;
  /** Called after the server acknowledged a label. */
  readonly onAcknowledged?: (label: PendingLabel) => void;
  /** Retry delay after a failed send, doubled up to `maxRetryMs`; defaults 500 ms and 30 s. */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
}

export class LabelQueue {
  readonly #connection = createObservable<ConnectionState>({ online: true, queued: 0, lastError: null });
  readonly connection: Observable<ConnectionState> = this.#connection;
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

  /** Opens the database, restores the last label and the queue count, and starts sending. */
  async open(): Promise<void> {
    this.#store = await LabelStore.open(this.#o.dbName);
    this.#lastLabel.set(await this.#store.last());
    await this.#updateCount();
    this.#loop = this.#run();
  }

  /** Persists a new label (resolves only once it is durable), then wakes the sender. */
  async enqueue(label: { candidateId: string; value: string; note?: string }): Promise<PendingLabel> {
    const pending: PendingLabel = {
      idempotencyKey: crypto.randomUUID(),
      candidateId: label.candidateId,
      value: label.value,
      ...(label.note === undefined ? {} : { note: label.note }),
      createdAt: new Date().toISOString(),
    };
    await this.#db().enqueue(pending);
    this.#lastLabel.set(pending);
    await this.#updateCount();
    this.#nudge();
    return pending;
  }

  /**
   * Takes back the last label: deleted from the queue while unsent, else retracted on the server. Returns
   * it, or null when there is nothing to undo.
   */
  async undo(): Promise<PendingLabel | null> {
    const last = this.#lastLabel.get();
    if (last === null) return null;
    this.#holding = last.idempotencyKey;
    try {
      // A send of this very label may be on the wire: let it settle (a failed send stays queued).
      await this.#sending?.catch(() => undefined);
      const store = this.#db();
      if (!(await store.remove(last.idempotencyKey))) {
        const sent = this.#lastLabel.get();
        if (sent?.serverId === undefined)
          throw new Error('the last label was neither queued nor acknowledged');
        await this.#o.client.retractLabel(sent.serverId);
      }
      await store.setLast(null);
      this.#lastLabel.set(null);
      await this.#updateCount();
      return last;
    } finally {
      this.#holding = undefined;
      this.#nudge();
    }
  }

  /** Labels the server refused, oldest first. */
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
    const initial = this.#o.initialRetryMs ?? 500;
    let delay = initial;
    while (!this.#closed) {
      const next = await this.#db().first();
      if (next === undefined || next.idempotencyKey === this.#holding) {
        await this.#sleep(undefined);
        continue;
      }
      this.#sending = this.#send(next);
      const ok = await this.#sending.then(
        () => true,
        () => false,
      );
      this.#sending = undefined;
      if (ok) delay = initial;
      else {
        await this.#sleep(delay);
        delay = Math.min(this.#o.maxRetryMs ?? 30_000, delay * 2);
      }
    }
  }

  /** Sends one label; rejects only when it should be sent again later. */
  async #send(label: PendingLabel): Promise<void> {
    const store = this.#db();
    try {
      const stored = await this.#o.client.postLabel({
        candidateId: label.candidateId,
        value: label.value,
        ...(label.note === undefined ? {} : { note: label.note }),
        idempotencyKey: label.idempotencyKey,
      });
      await store.remove(label.idempotencyKey);
      const acknowledged: PendingLabel = { ...label, serverId: stored.id };
      if (this.#lastLabel.get()?.idempotencyKey === label.idempotencyKey) {
        await store.setLast(acknowledged);
        this.#lastLabel.set(acknowledged);
      }
      await this.#updateCount({ online: true, lastError: null });
      this.#o.onAcknowledged?.(acknowledged);
    } catch (error) {
      if (isRetryable(error) || !(error instanceof TrainerApiError)) {
        // No answer, or a 5xx from the trainer or a proxy before it: offline until a send gets through.
        await this.#updateCount({ online: false, lastError: messageOf(error) });
        throw error;
      }
      await store.reject({
        label,
        status: error.status,
        message: error.message,
        rejectedAt: new Date().toISOString(),
      });
      if (this.#lastLabel.get()?.idempotencyKey === label.idempotencyKey) {
        await store.setLast(null);
        this.#lastLabel.set(null);
      }
      await this.#updateCount({
        online: true,
        lastError: `the server refused a ${label.value} label (${error.status}): ${error.message}`,
      });
    }
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

  async #updateCount(change: Partial<Omit<ConnectionState, 'queued'>> = {}): Promise<void> {
    const queued = await this.#db().count();
    this.#connection.set({ ...this.#connection.get(), ...change, queued });
  }

  #db(): LabelStore {
    if (this.#store === undefined) throw new Error('the label queue is not open');
    return this.#store;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
