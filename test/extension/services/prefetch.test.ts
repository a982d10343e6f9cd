// Moving on never waits for the worklist to refill: with the trainer's worklist replies slowed down (in the
// browser, by Chromium's request routing), labeling cases down to a low list opens each next case at once,
// and the refill lands in the background.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startChromium } from '../../support/chromium.js';
import type { RunningChromium } from '../../support/chromium.js';
import type { WorklistCase } from '../../../extension/src/services/types.js';
import { bundle, startPageSite } from './pageSite.js';
import type { PageSite } from './pageSite.js';
import type { ServicesPage } from './servicesPage.js';
import { labelDiscs, startProject, trainAndWait } from './support.js';
import type { Project } from './support.js';

declare const aift: ServicesPage;

const SLOW_REFILL_MS = 2_000;

describe('next case with a slow worklist refill', () => {
  let project: Project;
  let chromium: RunningChromium;
  let site: PageSite;
  let page: Page;
  const cases = () =>
    page.evaluate(() => (aift.snapshot() as { worklist: { cases: WorklistCase[] } }).worklist.cases);
  const onScreen = () =>
    page.evaluate(() => (aift.snapshot() as { currentCase: WorklistCase | null }).currentCase?.candidateId);

  before(async () => {
    project = await startProject();
    await labelDiscs(project, project.admin, 0, 8);
    await trainAndWait(project);
    site = await startPageSite(project, await bundle('servicesPage.ts'));
    chromium = await startChromium();
    page = await chromium.context.newPage();
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => 'aift' in globalThis);
    await page.evaluate((token) => aift.start(token), project.alice);
  });
  after(async () => {
    await chromium?.close();
    await site?.stop();
    await project?.stop();
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
