// The browser side of labelQueue.test.ts, bundled by the test with esbuild: a LabelQueue on the page's
// own origin ('/api' is proxied to the trainer server), driven from the test through `globalThis.aiftQueue`.
import { LabelQueue } from '../../../extension/src/services/labelQueue.js';
import { createTrainerClient } from '../../../extension/src/services/trainerClient.js';
import type { ConnectionState, PendingLabel } from '../../../extension/src/services/types.js';

export interface QueuePage {
  open(token: string): Promise<void>;
  enqueue(candidateId: string, value: string): Promise<PendingLabel>;
  undo(): Promise<PendingLabel | null>;
  state(): { connection: ConnectionState; lastLabel: PendingLabel | null };
  rejected(): Promise<{ key: string; status: number; message: string }[]>;
  close(): Promise<void>;
}

let queue: LabelQueue | undefined;
const opened = (): LabelQueue => {
  if (!queue) throw new Error('call open() first');
  return queue;
};

const page: QueuePage = {
  async open(token) {
    const client = createTrainerClient({
      baseUrl: '/api',
      headers: () => ({ Authorization: `Bearer ${token}` }),
    });
    queue = new LabelQueue({ client, dbName: 'aift-labels test', initialRetryMs: 50, maxRetryMs: 300 });
    await queue.open();
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
};
(globalThis as { aiftQueue?: QueuePage }).aiftQueue = page;
