// The durable label queue in real Chromium with real IndexedDB, against a real trainer server behind the
// page's own origin: labels survive a reload before they are sent, wait while the server is down, arrive
// exactly once when it is back, can be undone queued or sent, and a refused label is kept, not dropped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startChromium } from '../../support/chromium.js';
import type { RunningChromium } from '../../support/chromium.js';
import { classOf, idOf } from '../../trainer-server/services/support.js';
import type { QueuePage } from './labelQueuePage.js';
import { bundle, startPageSite } from './pageSite.js';
import type { PageSite } from './pageSite.js';
import { queueProbe } from './queueProbe.js';
import { startProject } from './support.js';
import type { Project } from './support.js';

declare const aiftQueue: QueuePage;

describe('the label queue in Chromium (IndexedDB) against a real trainer server', () => {
  let project: Project;
  let chromium: RunningChromium;
  let site: PageSite;
  let origin: string;
  let page: Page;

  const { storedWith, state, until, enqueue } = queueProbe(
    () => project,
    () => page,
  );

  before(async () => {
    project = await startProject();
    site = await startPageSite(project, await bundle('labelQueuePage.ts'));
    origin = site.origin;
    chromium = await startChromium();
    page = await chromium.context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'aiftQueue' in globalThis);
    await page.evaluate((token) => aiftQueue.open(token), project.alice);
  });
  after(async () => {
    await chromium?.close();
    await site?.stop();
    await project?.stop();
  });

  it('sends a label once, acknowledged with its server id; undo then retracts it on the server', async () => {
    const label = await enqueue(0);
    await until('the acknowledgement', async () => (await state()).lastLabel?.serverId !== undefined);
    const { connection, lastLabel } = await state();
    assert.deepEqual(connection, {
      online: true,
      queued: 0,
      heldForOtherUser: 0,
      heldFromUnknownUser: 0,
      lastError: null,
    });
    const [stored] = storedWith(label);
    assert.equal(stored?.id, lastLabel?.serverId);
    assert.equal(stored?.value, classOf(0));

    const undone = await page.evaluate(() => aiftQueue.undo());
    assert.equal(undone?.idempotencyKey, label.idempotencyKey);
    assert.equal((await state()).lastLabel, null);
    const after = storedWith(label);
    assert.equal(after.length, 1);
    assert.ok(after[0]!.retracted, 'the label was not retracted');
  });

  it('keeps a label the server refuses (4xx) in the rejected store and says why; the next one still goes', async () => {
    const refused = await enqueue(1, 'purple');
    const good = await enqueue(2);
    await until('the good label', () => Promise.resolve(storedWith(good).length === 1));
    const rejected = await page.evaluate(() => aiftQueue.rejected());
    assert.deepEqual(
      rejected.map((r) => [r.key, r.status]),
      [[refused.idempotencyKey, 400]],
    );
    assert.match(rejected[0]!.message, /body\.value/);
    assert.equal(storedWith(refused).length, 0);
    await until('the queue to drain', async () => (await state()).connection.queued === 0);
  });

  it('queues labels while the server is down, keeps them over a reload, sends each exactly once when it is back', async () => {
    await project.stopServer();
    const a = await enqueue(3);
    const b = await enqueue(4);
    await until('the queue to notice', async () => !(await state()).connection.online);
    assert.equal((await state()).connection.queued, 2);

    await page.reload();
    await page.waitForFunction(() => 'aiftQueue' in globalThis);
    await page.evaluate((token) => aiftQueue.open(token), project.alice);
    const reloaded = await state();
    assert.equal(reloaded.connection.queued, 2);
    assert.equal(reloaded.lastLabel?.idempotencyKey, b.idempotencyKey);

    // b is still queued: undo takes it out of the queue, and it never reaches the server.
    const undone = await page.evaluate(() => aiftQueue.undo());
    assert.equal(undone?.idempotencyKey, b.idempotencyKey);
    assert.equal((await state()).connection.queued, 1);

    await project.startServerAgain();
    await until('the queue to drain', async () => (await state()).connection.queued === 0);
    await until('online again', async () => (await state()).connection.online);
    assert.equal(storedWith(a).length, 1);
    assert.equal(storedWith(b).length, 0);
    assert.equal(project.server.server.store.labels.forCandidate(idOf(3)).length, 1);
    assert.equal((await state()).connection.lastError, null);
  });
});
