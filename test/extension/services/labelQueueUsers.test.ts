// The label queue on a shared workstation, in real Chromium with real IndexedDB against a real trainer
// server: labels one reader queued while the trainer was down are never sent under the next reader's
// header (the server stores none as theirs); they wait, counted as held, and go out as the first reader's
// when that reader signs in again. API tokens are kept as hashes only; rows of the old schema are kept
// and never sent automatically.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startChromium } from '../../support/chromium.js';
import type { RunningChromium } from '../../support/chromium.js';
import { classOf, idOf } from '../../trainer-server/services/support.js';
import type { PendingLabel } from '../../../extension/src/services/types.js';
import type { QueuePage } from './labelQueuePage.js';
import { bundle, startPageSite } from './pageSite.js';
import type { PageSite } from './pageSite.js';
import { queueProbe } from './queueProbe.js';
import { startProject } from './support.js';
import type { Project } from './support.js';

declare const aiftQueue: QueuePage;

/** Long enough for the sender to have looked at the signed-in user many times (it polls every 50 ms). */
const SEVERAL_PASSES_MS = 750;

describe('the label queue shared by two users of one browser', () => {
  let project: Project;
  let chromium: RunningChromium;
  let site: PageSite;
  let page: Page;
  let bob: string;

  /** Every label the server holds (retracted ones too) for this candidate. */
  const storedFor = (i: number) => project.server.server.store.labels.forCandidate(idOf(i));
  const { storedWith, state, until, enqueue } = queueProbe(
    () => project,
    () => page,
  );
  const signIn = (token: string | null) => page.evaluate((t) => aiftQueue.signIn(t), token);
  const open = (token: string | null, dbName: string) =>
    page.evaluate(([t, name]) => aiftQueue.open(t, name), [token, dbName] as const);
  const dump = (dbName: string) => page.evaluate((name) => aiftQueue.dump(name), dbName);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  before(async () => {
    project = await startProject();
    bob = project.server.token('bob', 'annotator');
    site = await startPageSite(project, await bundle('labelQueuePage.ts'));
    chromium = await startChromium();
    page = await chromium.context.newPage();
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => 'aiftQueue' in globalThis);
  });
  after(async () => {
    await chromium?.close();
    await site?.stop();
    await project?.stop();
  });

  it("sends none of alice's queued labels under bob's header; they go as alice's when she signs in again", async () => {
    const db = 'aift-labels two users';
    await open(project.alice, db);
    await project.stopServer();
    const a1 = await enqueue(5);
    const a2 = await enqueue(6);
    await until('the queue to notice', async () => !(await state()).connection.online);

    await signIn(bob);
    await until('bob to be seen', async () => (await state()).connection.heldForOtherUser === 2);
    assert.equal((await state()).connection.queued, 0);
    assert.equal((await state()).lastLabel, null, "bob is shown alice's last label");
    assert.equal(await page.evaluate(() => aiftQueue.undo()), null, "bob's undo took alice's label");
    const b1 = await enqueue(7);
    assert.equal((await state()).connection.queued, 1);

    await project.startServerAgain();
    await until("bob's label", () => Promise.resolve(storedWith(b1).length === 1));
    await until('online again', async () => (await state()).connection.online);
    await new Promise((r) => setTimeout(r, SEVERAL_PASSES_MS));
    assert.equal(storedWith(b1)[0]!.annotator, 'bob');
    assert.deepEqual([...storedFor(5), ...storedFor(6)], [], 'alice’s labels reached the server under bob');
    const held = await state();
    assert.equal(held.connection.queued, 0);
    assert.equal(held.connection.heldForOtherUser, 2);
    assert.equal(held.connection.heldFromUnknownUser, 0);

    // bob's undo retracts his own label, not alice's queued ones.
    const undone = await page.evaluate(() => aiftQueue.undo());
    assert.equal(undone?.idempotencyKey, b1.idempotencyKey);
    assert.ok(storedWith(b1)[0]!.retracted, "bob's label was not retracted");
    assert.equal((await state()).connection.heldForOtherUser, 2);

    await signIn(project.alice);
    await until("alice's labels", async () => {
      const { connection } = await state();
      return connection.queued === 0 && connection.heldForOtherUser === 0 && storedWith(a2).length === 1;
    });
    const [stored1] = storedWith(a1);
    const [stored2] = storedWith(a2);
    assert.equal(stored1?.annotator, 'alice');
    assert.equal(stored2?.annotator, 'alice');
    assert.ok(stored1.id < stored2.id, 'sent out of order');
    assert.equal(storedFor(5).length + storedFor(6).length, 2);
    assert.equal((await state()).lastLabel?.serverId, stored2.id);
    await page.evaluate(() => aiftQueue.close());
  });

  it('records an API token as its SHA-256 only: neither token appears anywhere in IndexedDB', async () => {
    const db = 'aift-labels tokens';
    await project.stopServer();
    try {
      await open(project.alice, db);
      const a = await enqueue(8);
      await signIn(bob);
      const b = await enqueue(9);
      assert.equal((a as PendingLabel & { identity?: string }).identity, `sha256 ${sha256(project.alice)}`);
      assert.equal((b as PendingLabel & { identity?: string }).identity, `sha256 ${sha256(bob)}`);
      const text = await dump(db);
      assert.ok(text.includes(a.idempotencyKey) && text.includes(b.idempotencyKey), text);
      for (const token of [project.alice, bob]) assert.ok(!text.includes(token), 'a token is stored');
      await page.evaluate(() => aiftQueue.close());
    } finally {
      await project.startServerAgain();
    }
  });

  it('keeps a label whose sign-in the server does not accept (401) queued, not refused', async () => {
    await open('not-a-token', 'aift-labels unaccepted');
    const label = await enqueue(10);
    await until('the 401', async () => !(await state()).connection.online);
    assert.equal((await state()).connection.queued, 1);
    assert.deepEqual(await page.evaluate(() => aiftQueue.rejected()), []);
    assert.deepEqual(storedWith(label), []);
    await page.evaluate(() => aiftQueue.close());
  });

  it('keeps labels queued before identities were recorded (schema 1) and never sends them', async () => {
    const db = 'aift-labels schema 1';
    const old: PendingLabel = {
      idempotencyKey: 'schema-1-label',
      candidateId: idOf(11),
      value: classOf(11),
      createdAt: new Date().toISOString(),
    };
    await page.evaluate(([name, label]) => aiftQueue.seedVersion1(name, label), [db, old] as const);
    await open(project.alice, db);
    const { connection, lastLabel } = await state();
    assert.equal(connection.queued, 0);
    assert.equal(connection.heldFromUnknownUser, 1);
    assert.equal(connection.heldForOtherUser, 0);
    assert.equal(lastLabel, null, 'a label of nobody knows whom is offered for undo');
    assert.equal(await page.evaluate(() => aiftQueue.undo()), null);
    await new Promise((r) => setTimeout(r, SEVERAL_PASSES_MS));
    assert.deepEqual(storedFor(11), []);
    assert.ok((await dump(db)).includes('"identity":"unknown"'));
    await page.evaluate(() => aiftQueue.close());
  });
});
