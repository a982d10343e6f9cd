// The browser side of the label queue tests, bundled by the test with esbuild: a LabelQueue on the page's
// own origin ('/api' is proxied to the trainer server), driven from the test through `globalThis.aiftQueue`.
import { LabelQueue } from '../../../extension/src/services/labelQueue.js';
import { createTrainerClient } from '../../../extension/src/services/trainerClient.js';
import type { ConnectionState, PendingLabel } from '../../../extension/src/services/types.js';

export interface QueuePage {
  /** Opens a queue on database `dbName`, signed in with `token` (null: no Authorization header). */
  open(token: string | null, dbName?: string): Promise<void>;
  /** The header the client sends from now on: another user signing in on the same browser. */
  signIn(token: string | null): void;
  enqueue(candidateId: string, value: string): Promise<PendingLabel>;
  undo(): Promise<PendingLabel | null>;
  state(): { connection: ConnectionState; lastLabel: PendingLabel | null };
  rejected(): Promise<{ key: string; status: number; message: string }[]>;
  close(): Promise<void>;
  /** Every key and value of every store of database `dbName`, as JSON. */
  dump(dbName: string): Promise<string>;
  /** Creates `dbName` as schema version 1 made it, with `label` queued and recorded as the last label. */
  seedVersion1(dbName: string, label: PendingLabel): Promise<void>;
}

/**
 * The few IndexedDB calls the raw helpers make, typed here: the test project compiles without the DOM
 * library (the extension's own code has it).
 */
interface RawRequest<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface RawStore {
  add(value: unknown): unknown;
  put(value: unknown, key: string): unknown;
  getAll(): RawRequest<unknown[]>;
  getAllKeys(): RawRequest<unknown[]>;
  createIndex(name: string, keyPath: string, options: { unique: boolean }): unknown;
}
interface RawDatabase {
  readonly objectStoreNames: Iterable<string>;
  createObjectStore(name: string, options?: { autoIncrement?: boolean; keyPath?: string }): RawStore;
  transaction(
    names: string | string[],
    mode: 'readonly' | 'readwrite',
  ): {
    objectStore(name: string): RawStore;
    readonly error: unknown;
    oncomplete: (() => void) | null;
    onerror: (() => void) | null;
  };
  close(): void;
}
const { indexedDB } = globalThis as unknown as {
  indexedDB: {
    open(name: string, version?: number): RawRequest<RawDatabase> & { onupgradeneeded: (() => void) | null };
  };
};

let queue: LabelQueue | undefined;
let authorization: string | null = null;
const opened = (): LabelQueue => {
  if (!queue) throw new Error('call open() first');
  return queue;
};

const page: QueuePage = {
  async open(token, dbName = 'aift-labels test') {
    await queue?.close();
    authorization = token;
    const client = createTrainerClient({
      baseUrl: '/api',
      headers: (): Record<string, string> =>
        authorization === null ? {} : { Authorization: `Bearer ${authorization}` },
    });
    queue = new LabelQueue({ client, dbName, initialRetryMs: 50, maxRetryMs: 300, signInPollMs: 50 });
    await queue.open();
  },
  signIn(token) {
    authorization = token;
  },
  enqueue: (candidateId, value) => opened().enqueue({ candidateId, value }),
  undo: () => opened().undo(),
  state: () => ({ connection: opened().connection.get(), lastLabel: opened().lastLabel.get() }),
  rejected: async () =>
    (await opened().rejected()).map((r) => ({
      key: r.label.idempotencyKey,
      status: r.status,
      message: r.message,
    })),
  close: () => opened().close(),
  async dump(dbName) {
    const db = await request(indexedDB.open(dbName));
    try {
      const stores: Record<string, unknown> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        const store = db.transaction(name, 'readonly').objectStore(name);
        stores[name] = { keys: await request(store.getAllKeys()), values: await request(store.getAll()) };
      }
      return JSON.stringify(stores);
    } finally {
      db.close();
    }
  },
  async seedVersion1(dbName, label) {
    const opening = indexedDB.open(dbName, 1);
    opening.onupgradeneeded = () => {
      const db = opening.result;
      db.createObjectStore('queue', { autoIncrement: true }).createIndex('key', 'idempotencyKey', {
        unique: true,
      });
      db.createObjectStore('rejected', { keyPath: 'label.idempotencyKey' });
      db.createObjectStore('meta');
    };
    const db = await request(opening);
    const tx = db.transaction(['queue', 'meta'], 'readwrite');
    tx.objectStore('queue').add(label);
    tx.objectStore('meta').put(label, 'last');
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(toError(tx.error));
    });
    db.close();
  },
};

function request<T>(r: RawRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(toError(r.error));
  });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error('IndexedDB failed');
}

(globalThis as { aiftQueue?: QueuePage }).aiftQueue = page;
