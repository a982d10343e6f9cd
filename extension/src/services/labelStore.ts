// The durable half of the label queue: IndexedDB, so labels given offline survive a reload or a crash.
import type { PendingLabel } from './types.js';

const VERSION = 1;
const QUEUE = 'queue';
const REJECTED = 'rejected';
const META = 'meta';
const LAST = 'last';

/** A label the server refused (4xx), kept with its reason rather than dropped. */
export interface RejectedLabel {
  readonly label: PendingLabel;
  readonly status: number;
  readonly message: string;
  readonly rejectedAt: string;
}

/** The stores: `queue` in enqueue order (an auto-increment key), `rejected`, and `meta` for the last label. */
export class LabelStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name: string): Promise<LabelStore> {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(QUEUE, { autoIncrement: true }).createIndex('key', 'idempotencyKey', {
        unique: true,
      });
      db.createObjectStore(REJECTED, { keyPath: 'label.idempotencyKey' });
      db.createObjectStore(META);
    };
    return new LabelStore(await done(request));
  }

  close(): void {
    this.db.close();
  }

  /** Appends `label` to the queue and records it as the last label, in one transaction. */
  async enqueue(label: PendingLabel): Promise<void> {
    const tx = this.db.transaction([QUEUE, META], 'readwrite');
    tx.objectStore(QUEUE).add(label);
    tx.objectStore(META).put(label, LAST);
    await committed(tx);
  }

  /** The oldest queued label. */
  async first(): Promise<PendingLabel | undefined> {
    const tx = this.db.transaction(QUEUE, 'readonly');
    const cursor = await done(tx.objectStore(QUEUE).openCursor());
    return (cursor?.value as PendingLabel | undefined) ?? undefined;
  }

  async count(): Promise<number> {
    return done(this.db.transaction(QUEUE, 'readonly').objectStore(QUEUE).count());
  }

  /** Removes a label from the queue; true when it was there. */
  async remove(idempotencyKey: string): Promise<boolean> {
    const tx = this.db.transaction(QUEUE, 'readwrite');
    const store = tx.objectStore(QUEUE);
    const key = await done(store.index('key').getKey(idempotencyKey));
    if (key !== undefined) store.delete(key);
    await committed(tx);
    return key !== undefined;
  }

  /** Moves a label from the queue to the rejected store, in one transaction. */
  async reject(rejected: RejectedLabel): Promise<void> {
    const tx = this.db.transaction([QUEUE, REJECTED], 'readwrite');
    const queue = tx.objectStore(QUEUE);
    const key = await done(queue.index('key').getKey(rejected.label.idempotencyKey));
    if (key !== undefined) queue.delete(key);
    tx.objectStore(REJECTED).put(rejected);
    await committed(tx);
  }

  async rejected(): Promise<RejectedLabel[]> {
    return done(this.db.transaction(REJECTED, 'readonly').objectStore(REJECTED).getAll()) as Promise<
      RejectedLabel[]
    >;
  }

  async last(): Promise<PendingLabel | null> {
    const value: unknown = await done<unknown>(
      this.db.transaction(META, 'readonly').objectStore(META).get(LAST),
    );
    return (value as PendingLabel | undefined) ?? null;
  }

  async setLast(label: PendingLabel | null): Promise<void> {
    const tx = this.db.transaction(META, 'readwrite');
    if (label === null) tx.objectStore(META).delete(LAST);
    else tx.objectStore(META).put(label, LAST);
    await committed(tx);
  }
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves once the transaction is durable (its complete event), not merely once its requests ran. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
