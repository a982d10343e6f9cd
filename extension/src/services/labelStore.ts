// The durable half of the label queue: IndexedDB, so labels given offline survive a reload or a crash.
// Every queued label carries the identity of the user who made it (userIdentity.ts): one database serves
// every user of the browser profile, and each user's labels are read, sent and undone apart.
import type { PendingLabel } from './types.js';
import { UNKNOWN_IDENTITY } from './userIdentity.js';

/** 2: queued labels record their `identity`; version 1's rows get UNKNOWN_IDENTITY. */
const VERSION = 2;
const QUEUE = 'queue';
const REJECTED = 'rejected';
const META = 'meta';
/** The key of a user's last label in META is [LAST, identity]; version 1 kept one under LAST alone. */
const LAST = 'last';
const BY_KEY = 'key';
const BY_IDENTITY = 'identity';

/** A label in the queue, with the identity of the user who made it. */
export interface QueuedLabel extends PendingLabel {
  readonly identity: string;
}

/** A label the server refused (4xx), kept with its reason rather than dropped. */
export interface RejectedLabel {
  readonly label: PendingLabel;
  readonly status: number;
  readonly message: string;
  readonly rejectedAt: string;
}

/** Queued labels of one user, and those of everyone else. */
export interface QueueCounts {
  readonly own: number;
  /** Made by another known user: they wait for that user's header. */
  readonly otherUser: number;
  /** Made before identities were recorded (version 1): never sent automatically. */
  readonly unknownUser: number;
}

/**
 * The stores: `queue` in enqueue order (an auto-increment key, indexed by idempotency key and identity),
 * `rejected`, and `meta` for each user's last label.
 */
export class LabelStore {
  private constructor(private readonly db: IDBDatabase) {
    // A newer version opened in another tab waits for this connection: let it go.
    db.onversionchange = () => db.close();
  }

  static async open(name: string): Promise<LabelStore> {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      const tx = request.transaction;
      if (tx === null) throw new Error('IndexedDB gave no upgrade transaction');
      if (event.oldVersion < 1) {
        db.createObjectStore(QUEUE, { autoIncrement: true }).createIndex(BY_KEY, 'idempotencyKey', {
          unique: true,
        });
        db.createObjectStore(REJECTED, { keyPath: 'label.idempotencyKey' });
        db.createObjectStore(META);
      }
      if (event.oldVersion < 2) upgradeToIdentities(tx);
    };
    return new LabelStore(await done(request));
  }

  close(): void {
    this.db.close();
  }

  /** Appends `label` to the queue and records it as its user's last label, in one transaction. */
  async enqueue(label: QueuedLabel): Promise<void> {
    const tx = this.db.transaction([QUEUE, META], 'readwrite');
    tx.objectStore(QUEUE).add(label);
    tx.objectStore(META).put(label, [LAST, label.identity]);
    await committed(tx);
  }

  /** The oldest label `identity` queued. */
  async first(identity: string): Promise<QueuedLabel | undefined> {
    const index = this.db.transaction(QUEUE, 'readonly').objectStore(QUEUE).index(BY_IDENTITY);
    // Equal index keys are visited in primary key order: the auto-increment key, i.e. enqueue order.
    const cursor = await done(index.openCursor(IDBKeyRange.only(identity)));
    return (cursor?.value as QueuedLabel | undefined) ?? undefined;
  }

  async counts(identity: string): Promise<QueueCounts> {
    const queue = this.db.transaction(QUEUE, 'readonly').objectStore(QUEUE);
    const index = queue.index(BY_IDENTITY);
    const [all, own, unknownUser] = await Promise.all([
      done(queue.count()),
      done(index.count(identity)),
      identity === UNKNOWN_IDENTITY ? Promise.resolve(0) : done(index.count(UNKNOWN_IDENTITY)),
    ]);
    return { own, otherUser: all - own - unknownUser, unknownUser };
  }

  /** Removes a label from the queue; true when it was there. */
  async remove(idempotencyKey: string): Promise<boolean> {
    const tx = this.db.transaction(QUEUE, 'readwrite');
    const store = tx.objectStore(QUEUE);
    const key = await done(store.index(BY_KEY).getKey(idempotencyKey));
    if (key !== undefined) store.delete(key);
    await committed(tx);
    return key !== undefined;
  }

  /**
   * Takes an acknowledged label out of the queue and, while it is its user's last label, records its
   * server id there (for undo), in one transaction. Returns the label with its server id.
   */
  async acknowledge(label: QueuedLabel, serverId: number): Promise<QueuedLabel> {
    const acknowledged: QueuedLabel = { ...label, serverId };
    const tx = this.db.transaction([QUEUE, META], 'readwrite');
    await removeFromQueue(tx, label.idempotencyKey);
    if (await isLast(tx, label)) tx.objectStore(META).put(acknowledged, [LAST, label.identity]);
    await committed(tx);
    return acknowledged;
  }

  /**
   * Moves a label from the queue to the rejected store and, when it was its user's last label, forgets
   * that (nothing to undo), in one transaction.
   */
  async reject(rejected: RejectedLabel & { readonly label: QueuedLabel }): Promise<void> {
    const tx = this.db.transaction([QUEUE, REJECTED, META], 'readwrite');
    await removeFromQueue(tx, rejected.label.idempotencyKey);
    tx.objectStore(REJECTED).put(rejected);
    if (await isLast(tx, rejected.label)) tx.objectStore(META).delete([LAST, rejected.label.identity]);
    await committed(tx);
  }

  /** Every refused label, whoever made it. */
  async rejected(): Promise<RejectedLabel[]> {
    return done(this.db.transaction(REJECTED, 'readonly').objectStore(REJECTED).getAll()) as Promise<
      RejectedLabel[]
    >;
  }

  /** The last label `identity` made and has not undone. */
  async last(identity: string): Promise<QueuedLabel | null> {
    const value: unknown = await done<unknown>(
      this.db.transaction(META, 'readonly').objectStore(META).get([LAST, identity]),
    );
    return (value as QueuedLabel | undefined) ?? null;
  }

  /** Forgets `identity`'s last label (it was undone). */
  async clearLast(identity: string): Promise<void> {
    const tx = this.db.transaction(META, 'readwrite');
    tx.objectStore(META).delete([LAST, identity]);
    await committed(tx);
  }
}

/**
 * Version 1 to 2, inside the upgrade transaction: rows made before identities were recorded are kept
 * as UNKNOWN_IDENTITY's (whoever was signed in then is unknown), and the single last label is forgotten,
 * so nobody can undo a label that may not be theirs.
 */
function upgradeToIdentities(tx: IDBTransaction): void {
  const queue = tx.objectStore(QUEUE);
  queue.createIndex(BY_IDENTITY, BY_IDENTITY);
  queue.openCursor().onsuccess = function () {
    const cursor = this.result;
    if (cursor === null) return;
    const row = cursor.value as Partial<QueuedLabel>;
    if (row.identity === undefined) cursor.update({ ...row, identity: UNKNOWN_IDENTITY });
    cursor.continue();
  };
  tx.objectStore(META).delete(LAST);
}

async function removeFromQueue(tx: IDBTransaction, idempotencyKey: string): Promise<void> {
  const queue = tx.objectStore(QUEUE);
  const key = await done(queue.index(BY_KEY).getKey(idempotencyKey));
  if (key !== undefined) queue.delete(key);
}

async function isLast(tx: IDBTransaction, label: QueuedLabel): Promise<boolean> {
  const last = (await done<unknown>(tx.objectStore(META).get([LAST, label.identity]))) as
    QueuedLabel | undefined;
  return last?.idempotencyKey === label.idempotencyKey;
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
