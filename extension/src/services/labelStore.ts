// The durable half of the label queue: IndexedDB, so labels given offline survive a reload or a crash.
// Every queued label carries the identity of the user who made it (userIdentity.ts): one database serves
// every user of the browser profile, and each user's labels are read, sent and undone apart.
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
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

/** The database as idb types it. META's key is [LAST, identity]; version 1 kept the last label under LAST. */
interface LabelDb extends DBSchema {
  queue: { key: number; value: QueuedLabel; indexes: { key: string; identity: string } };
  rejected: { key: string; value: RejectedLabel };
  meta: { key: string | [string, string]; value: QueuedLabel };
}

type Upgrade = IDBPTransaction<LabelDb, StoreNames<LabelDb>[], 'versionchange'>;

/**
 * The stores: `queue` in enqueue order (an auto-increment key, indexed by idempotency key and identity),
 * `rejected`, and `meta` for each user's last label. Every write resolves once its transaction is durable
 * (idb's `tx.done`: the complete event), not merely once its requests ran.
 */
export class LabelStore {
  private constructor(private readonly db: IDBPDatabase<LabelDb>) {}

  static async open(name: string): Promise<LabelStore> {
    const db = await openDB<LabelDb>(name, VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore(QUEUE, { autoIncrement: true }).createIndex(BY_KEY, 'idempotencyKey', {
            unique: true,
          });
          db.createObjectStore(REJECTED, { keyPath: 'label.idempotencyKey' });
          db.createObjectStore(META);
        }
        // A failure aborts the upgrade transaction, and openDB rejects with it.
        if (oldVersion < 2) upgradeToIdentities(tx).catch(() => undefined);
      },
      // A newer version opened in another tab waits for this connection: let it go.
      blocking: () => db.close(),
    });
    return new LabelStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** Appends `label` to the queue and records it as its user's last label, in one transaction. */
  async enqueue(label: QueuedLabel): Promise<void> {
    const tx = this.db.transaction([QUEUE, META], 'readwrite');
    await Promise.all([
      tx.objectStore(QUEUE).add(label),
      tx.objectStore(META).put(label, [LAST, label.identity]),
      tx.done,
    ]);
  }

  /** The oldest label `identity` queued. */
  first(identity: string): Promise<QueuedLabel | undefined> {
    // Equal index keys are ordered by primary key: the auto-increment key, i.e. enqueue order.
    return this.db.getFromIndex(QUEUE, BY_IDENTITY, identity);
  }

  async counts(identity: string): Promise<QueueCounts> {
    const queue = this.db.transaction(QUEUE, 'readonly').store;
    const index = queue.index(BY_IDENTITY);
    const [all, own, unknownUser] = await Promise.all([
      queue.count(),
      index.count(identity),
      identity === UNKNOWN_IDENTITY ? 0 : index.count(UNKNOWN_IDENTITY),
    ]);
    return { own, otherUser: all - own - unknownUser, unknownUser };
  }

  /** Removes a label from the queue; true when it was there. */
  async remove(idempotencyKey: string): Promise<boolean> {
    const tx = this.db.transaction(QUEUE, 'readwrite');
    const [removed] = await Promise.all([removeFromQueue(tx.store, idempotencyKey), tx.done]);
    return removed;
  }

  /**
   * Takes an acknowledged label out of the queue and, while it is its user's last label, records its
   * server id there (for undo), in one transaction. Returns the label with its server id.
   */
  async acknowledge(label: QueuedLabel, serverId: number): Promise<QueuedLabel> {
    const acknowledged: QueuedLabel = { ...label, serverId };
    const tx = this.db.transaction([QUEUE, META], 'readwrite');
    const write = async () => {
      await removeFromQueue(tx.objectStore(QUEUE), label.idempotencyKey);
      if (await isLast(tx.objectStore(META), label))
        await tx.objectStore(META).put(acknowledged, [LAST, label.identity]);
    };
    await Promise.all([write(), tx.done]);
    return acknowledged;
  }

  /**
   * Moves a label from the queue to the rejected store and, when it was its user's last label, forgets
   * that (nothing to undo), in one transaction.
   */
  async reject(rejected: RejectedLabel & { readonly label: QueuedLabel }): Promise<void> {
    const tx = this.db.transaction([QUEUE, REJECTED, META], 'readwrite');
    const write = async () => {
      await removeFromQueue(tx.objectStore(QUEUE), rejected.label.idempotencyKey);
      await tx.objectStore(REJECTED).put(rejected);
      if (await isLast(tx.objectStore(META), rejected.label))
        await tx.objectStore(META).delete([LAST, rejected.label.identity]);
    };
    await Promise.all([write(), tx.done]);
  }

  /** Every refused label, whoever made it. */
  rejected(): Promise<RejectedLabel[]> {
    return this.db.getAll(REJECTED);
  }

  /** The last label `identity` made and has not undone. */
  async last(identity: string): Promise<QueuedLabel | null> {
    return (await this.db.get(META, [LAST, identity])) ?? null;
  }

  /** Forgets `identity`'s last label (it was undone). */
  async clearLast(identity: string): Promise<void> {
    const tx = this.db.transaction(META, 'readwrite');
    await Promise.all([tx.store.delete([LAST, identity]), tx.done]);
  }
}

/**
 * Version 1 to 2, inside the upgrade transaction: rows made before identities were recorded are kept
 * as UNKNOWN_IDENTITY's (whoever was signed in then is unknown), and the single last label is forgotten,
 * so nobody can undo a label that may not be theirs.
 */
async function upgradeToIdentities(tx: Upgrade): Promise<void> {
  const queue = tx.objectStore(QUEUE);
  queue.createIndex(BY_IDENTITY, BY_IDENTITY);
  const forgetLast = tx.objectStore(META).delete(LAST);
  for (let cursor = await queue.openCursor(); cursor !== null; cursor = await cursor.continue()) {
    const row = cursor.value as Partial<QueuedLabel>;
    if (row.identity === undefined)
      await cursor.update({ ...(row as QueuedLabel), identity: UNKNOWN_IDENTITY });
  }
  await forgetLast;
}

type Store<Name extends StoreNames<LabelDb>> = IDBPObjectStore<
  LabelDb,
  ArrayLike<StoreNames<LabelDb>>,
  Name,
  'readwrite'
>;

async function removeFromQueue(queue: Store<'queue'>, idempotencyKey: string): Promise<boolean> {
  const key = await queue.index(BY_KEY).getKey(idempotencyKey);
  if (key !== undefined) await queue.delete(key);
  return key !== undefined;
}

async function isLast(meta: Store<'meta'>, label: QueuedLabel): Promise<boolean> {
  const last = await meta.get([LAST, label.identity]);
  return last?.idempotencyKey === label.idempotencyKey;
}
