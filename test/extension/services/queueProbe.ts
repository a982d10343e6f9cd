// What the label-queue tests ask of the page (the queue's state, a label) and of the server (what it
// stored), shared by the single-user and the two-user suites. `project` and `page` are read at call time:
// the suites create them in `before`.
import type { Page } from 'playwright-core';
import type { PendingLabel } from '../../../extension/src/services/types.js';
import { classOf, idOf } from '../../trainer-server/services/support.js';
import type { QueuePage } from './labelQueuePage.js';
import type { Project } from './support.js';

declare const aiftQueue: QueuePage;

export function queueProbe(project: () => Project, page: () => Page) {
  const state = () => page().evaluate(() => aiftQueue.state());
  return {
    state,
    /** Every label the server holds (retracted ones too) for this queued label. */
    storedWith: (label: PendingLabel) =>
      project()
        .server.server.store.labels.forCandidate(label.candidateId)
        .filter((l) => l.idempotencyKey === label.idempotencyKey),
    /** Polls `ready` every 50 ms; on time-out, the error shows the queue's state. */
    until: async (what: string, ready: () => Promise<boolean>, ms = 20_000) => {
      for (const end = Date.now() + ms; !(await ready()); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > end)
          throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await state())}`);
      }
    },
    /** Queues a label for candidate `i` (its true class unless `value` is given). */
    enqueue: (i: number, value: string = classOf(i)): Promise<PendingLabel> =>
      page().evaluate(([candidateId, v]) => aiftQueue.enqueue(candidateId, v), [idOf(i), value] as const),
  };
}
