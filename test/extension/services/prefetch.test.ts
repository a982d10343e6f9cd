// Moving on never waits for the worklist to refill: with the trainer's worklist replies slowed down (in the
// browser, by Chromium's request routing), labeling cases down to a low list opens each next case at once,
// and the refill lands in the background.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { WorklistCase } from '../../../extension/src/services/types.js';
import { openServicesSession } from './pageSite.js';
import type { ServicesSession } from './pageSite.js';
import type { ServicesPage } from './servicesPage.js';

declare const aift: ServicesPage;

const SLOW_REFILL_MS = 2_000;

describe('next case with a slow worklist refill', () => {
  let session: ServicesSession | undefined;
  let page: Page;
  const cases = () =>
    page.evaluate(() => (aift.snapshot() as { worklist: { cases: WorklistCase[] } }).worklist.cases);
  const onScreen = () =>
    page.evaluate(() => (aift.snapshot() as { currentCase: WorklistCase | null }).currentCase?.candidateId);

  before(async () => {
    session = await openServicesSession(8);
    ({ page } = session);
  });
  after(async () => {
    await session?.stop();
  });

  it('labels down to a low list without waiting, and the list is full again afterwards', async () => {
    assert.equal((await cases()).length, 4);
    await page.evaluate(() => aift.services().nextCase());
    await page.route('**/api/worklist*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, SLOW_REFILL_MS));
      await route.continue();
    });
    // Four leased; the second label leaves two (half): the refill starts then, in the background.
    for (let i = 0; i < 3; i++) {
      const before = await onScreen();
      const started = Date.now();
      await page.evaluate(() => aift.services().label('dark'));
      const took = Date.now() - started;
      assert.ok(took < SLOW_REFILL_MS / 2, `label ${i + 1} and the next case took ${took} ms`);
      const after = await onScreen();
      assert.ok(after !== undefined && after !== before, `label ${i + 1} did not open another case`);
    }
    for (const end = Date.now() + 3 * SLOW_REFILL_MS; (await cases()).length < 4;) {
      assert.ok(Date.now() < end, 'the worklist was not refilled');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
