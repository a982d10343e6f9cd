// The labeling loop end to end, as a radiologist meets it: the prebuilt OHIF viewer in real Chromium with
// our extension and mode, a real Orthanc with the synthetic demo, the real trainer server. A case opens from
// the worklist, the badge's numbers equal the server's, hotkeys label cases, training runs by itself, the
// panel shows the new version and the overlay is recomputed with it; the strip scores a stack; labels made
// while the trainer is down arrive once each when it is back. Screenshots go to test-artifacts/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import {
  LabelExportRowSchema,
  ProgressSchema,
  WorklistSchema,
} from '../../trainer-server/src/api/schemas/index.js';
import type { WorklistItemDto } from '../../trainer-server/src/api/schemas/index.js';
import { DEMO_PATIENT } from './shapeStudies.js';
import { startChromium } from '../support/chromium.js';
import type { RunningChromium } from '../support/chromium.js';
import { signIn } from '../support/viewerSignIn.js';
import { call, waitForIdleTraining } from '../trainer-server/api/support.js';
import { startProduct } from './productStack.js';
import type { ProductStack } from './productStack.js';
import { isScoredCase, viewerPage } from './viewerPage.js';
import type { Shown, ViewerPage } from './viewerPage.js';

const ARTIFACTS = join('test-artifacts', 'e2e');
const TOLERANCE = 1e-4;
const TRAIN_EVERY = 4;
const CLASSES = ['disc', 'square'] as const;

describe('the labeling loop in the real OHIF viewer', () => {
  let product: ProductStack;
  let chromium: RunningChromium;
  let page: Page;
  const pageErrors: string[] = [];

  let view: ViewerPage;
  const shown = () => view.shown();
  const until = (what: string, ready: (s: Shown) => boolean, ms?: number) => view.until(what, ready, ms);
  const shot = (name: string) => view.shot(name);
  /** The labeling panel alone (docs/screenshots/panel-*.png are copies of these). */
  const panelShot = (name: string) =>
    page.locator('[data-testid="aift-panel"]').screenshot({ path: join(ARTIFACTS, `panel-${name}.png`) });

  /**
   * The server's scores for the candidate as alice's worklist lists it: her leases, renewed, asked for with
   * the panel's size (the server's batch size), so the test leases nothing the panel does not hold.
   */
  const serverItem = async (candidateId: string): Promise<WorklistItemDto & { modelVersion: string }> => {
    const reply = await call(product.trainerUrl, 'GET', '/api/worklist', { token: product.alice });
    const list = reply.as(WorklistSchema);
    const item = list.items.find((i) => i.candidateId === candidateId);
    assert.ok(item, `${candidateId} is not on alice's worklist`);
    return { ...item, modelVersion: list.modelVersion ?? '' };
  };

  const assertBadgeEquals = (s: Shown, item: WorklistItemDto, parts: readonly string[]) => {
    if (!s.untrainedBadge) assert.equal(s.badge.class, item.predictedClass);
    for (const part of parts) {
      const browser = Number(s.badge[part as keyof Shown['badge']]);
      const server = item[part as 'entropy'] as number;
      assert.ok(Math.abs(browser - server) < TOLERANCE, `${part}: browser ${browser}, server ${server}`);
    }
  };

  const coveredOhifTexts = () => view.coveredOhifTexts();

  /** Presses the class's digit for the case on screen and waits for the next case to be displayed. */
  const labelWithHotkey = async (expectOnline: boolean) => {
    const before = await shown();
    assert.ok(before.caseId && before.displayedSop, 'no case on screen');
    const shape = product.shapeOf.get(before.displayedSop);
    assert.ok(shape, `unknown image ${before.displayedSop}`);
    await page.keyboard.press(String(CLASSES.indexOf(shape) + 1));
    await until('the next case', (s) => s.caseId !== null && s.caseId !== before.caseId);
    if (expectOnline) await until('the label to be acknowledged', (s) => s.queued === '0');
    return { candidateId: before.caseId, value: shape };
  };

  const aliceLabels = async () => {
    const reply = await call(product.trainerUrl, 'GET', '/api/labels/export?format=json', {
      token: product.admin,
    });
    return reply.as(z.array(LabelExportRowSchema)).filter((r) => r.annotator === 'alice');
  };

  before(async () => {
    product = await startProduct({ images: 24, stackImages: 6, trainEvery: TRAIN_EVERY });
    chromium = await startChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    view = viewerPage(page, ARTIFACTS, pageErrors);
    const study = product.studies[0]!.studyInstanceUid;
    await page.goto(`${product.viewerUrl}/aift?StudyInstanceUIDs=${study}`);
    await signIn(page, product.alice);
    await page.waitForSelector('[data-testid="aift-panel"]', { timeout: 90_000 });
    // OHIF's "investigational use only" banner covers the bottom of the viewport (and the strip) until confirmed.
    await page.getByRole('button', { name: 'Confirm and hide' }).click();
  });
  after(async () => {
    await chromium?.close();
    await product?.stop();
  });

  it('shows the panel with the cold-start model and a worklist, cross-origin isolated', async () => {
    const s = await until('model v0001', (x) => x.modelVersion === 'v0001');
    assert.equal(s.online, 'true');
    assert.equal(await page.evaluate('crossOriginIsolated'), true);
    // No WebGPU adapter here: the model runs on WASM, in onnxruntime-web's proxy worker, off the main thread.
    const backend = await page.evaluate<{ provider: string; proxy: boolean }>(
      '__aift.services().model.get().backend',
    );
    assert.equal(backend.provider, 'wasm');
    assert.equal(backend.proxy, true);
    await page.waitForSelector('[data-testid="aift-worklist-row"]');
    await until('the opened image known as a candidate', (x) => x.caseId !== null);
    // OHIF plays OT series as a cine by default; the demo's images are OT Secondary Captures.
    assert.equal(await page.getByText('FPS').count(), 0, "OHIF's cine player shows over a single image");
    assert.deepEqual(pageErrors, []);
  });

  it('opens the next case (N) and shows the numbers the server computed (1e-4)', async () => {
    // The study the page opened on is a registered candidate too: N moves on from it.
    const first = await until('the opened image known as a candidate', (x) => x.caseId !== null);
    await page.keyboard.press('n');
    const s = await until(
      'the next scored case',
      (x) => isScoredCase(x, 'v0001') && x.caseId !== first.caseId,
    );
    const item = await serverItem(s.caseId!);
    assert.equal(item.sopInstanceUid, s.displayedSop);
    // v0001 is the cold start: its stored worthiness ranks by k-center, so only the prediction parts compare,
    // and an untrained model shows no class percentage.
    assertBadgeEquals(s, item, ['entropy', 'diversity']);
    assert.equal(s.badge.probability, null);
    // The panel shows that rank as a pick with its method, never as worthiness, and the model as untrained.
    assert.equal(item.pick !== null, true);
    const pick = `pick ${item.pick} of ${product.studies.length + product.stack.length}, robust k-center`;
    const ranked = await until(`the panel to show ${pick}`, (x) => x.casePick === pick, 10_000);
    assert.equal(ranked.untrainedBadge, true);
    assert.equal(ranked.screenMessage, null);
    await shot('case-v0001');
    await panelShot('cold-start');
  });

  it('draws the heat map from the toolbar toggle', async () => {
    await page.click('[data-cy="aiftToggleHeatMap"] button');
    await until('the heat map', (x) => x.heatMap);
    const legend = page.getByTestId('aift-heatmap-legend');
    await legend.waitFor({ timeout: 30_000 });
    // What it shows, its scale and its grid, as the reader sees them: at least 7 x 7 regions of the image.
    const text = await legend.innerText();
    const grid = /Model uncertainty per region \(entropy, 0–1\): (\d+) × (\d+) regions, model v0001/.exec(
      text,
    );
    assert.ok(grid, `legend: ${text}`);
    assert.match(text, /0 sure[\s\S]*1 unsure/);
    const drawn = await page.evaluate<Record<'columns' | 'rows' | 'width' | 'colours', number>>(`(() => {
      const c = document.querySelector('[data-testid="aift-overlay"] [data-testid="aift-heatmap"]');
      const rgba = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3] === 255) colours.add(rgba[i] + ',' + rgba[i + 1] + ',' + rgba[i + 2]);
      return { columns: Number(c.dataset.columns), rows: Number(c.dataset.rows), width: c.getBoundingClientRect().width, colours: colours.size };
    })()`);
    const { columns, rows, width, colours } = drawn;
    assert.deepEqual([columns, rows], [Number(grid[1]), Number(grid[2])]);
    assert.ok(columns >= 7 && rows >= 7, `${columns} x ${rows} cells`);
    assert.ok(width > 100, `the map is drawn over the image (${width} px wide)`);
    assert.ok(colours > 1, 'the regions differ in colour');
    assert.deepEqual(await coveredOhifTexts(), [], 'our overlay covers OHIF’s own viewport texts');
    await shot('heat-map');
  });

  const labeled: { candidateId: string; value: string }[] = [];

  it('labels cases with hotkeys; the server stores them; training runs; the overlay follows v0002', async () => {
    // Audit cases (a blind random sample, docs/method.md) come among them and never count towards training:
    // label until TRAIN_EVERY labels that train are stored.
    const auditLabeled = async () =>
      (await call(product.trainerUrl, 'GET', '/api/progress', { token: product.admin })).as(ProgressSchema)
        .audit.labeled;
    while (labeled.length - (await auditLabeled()) < TRAIN_EVERY) labeled.push(await labelWithHotkey(true));
    const stored = await aliceLabels();
    assert.deepEqual(
      stored.map((r) => [r.candidateId, r.value]).sort(),
      labeled.map((l) => [l.candidateId, l.value]).sort(),
    );
    // The image on screen is rescored with v0002 as soon as the model arrives, case or not.
    const rescored = await until(
      'v0002 in the panel and on the badge',
      (x) => x.modelVersion === 'v0002' && x.badge.model === 'v0002' && x.scoredSop === x.displayedSop,
      120_000,
    );
    assert.ok(rescored.caseId, 'the image on screen is not a worklist case');
    // Once the pool is rescored, the refreshed worklist still holds the case on screen (its lease is kept)...
    await waitForIdleTraining(product.trainerUrl, product.admin);
    const refreshed = await until('the worklist of v0002', (x) => x.worklistModel === 'v0002');
    assert.equal(refreshed.caseId, rescored.caseId, 'the refresh took the case on screen away');
    // ...and the next case opens with the server's v0002 numbers on the badge.
    await page.keyboard.press('n');
    const s = await until(
      'the next case under v0002',
      (x) => isScoredCase(x, 'v0002') && x.displayedSop !== rescored.displayedSop,
    );
    const item = await serverItem(s.caseId!);
    assert.equal(item.modelVersion, 'v0002');
    assertBadgeEquals(s, item, ['probability', 'entropy', 'diversity', 'worthiness']);
    await shot('case-v0002');
    await panelShot('trained');
  });

  it('scores every image of a stack into the strip', async () => {
    const first = product.stack[0]!;
    const frame = {
      studyInstanceUid: first.studyInstanceUid,
      seriesInstanceUid: first.seriesInstanceUid,
      sopInstanceUid: first.sopInstanceUid,
      frame: 1,
    };
    await page.evaluate(`globalThis.__aift.open(${JSON.stringify(frame)})`);
    const s = await until(
      'a fully scored strip',
      (x) => x.stripCells.length === product.stack.length && x.stripCells.every((v) => v !== 'NaN'),
    );
    assert.ok(s.stripCells.every((v) => Number.isFinite(Number(v))));
    assert.match(await page.getByTestId('aift-strip-scale').innerText(), /Worthiness of each of the series/);
    assert.deepEqual(await coveredOhifTexts(), [], 'the strip or the badge covers OHIF’s own viewport texts');
    await shot('stack-strip');
    // A frame of the stack is no worklist case, but a registered candidate: a hotkey labels it.
    const onStack = await until('the stack frame known as a candidate', (x) => x.caseId !== null);
    assert.ok(product.stack.some((i) => i.sopInstanceUid === onStack.displayedSop));
    assert.equal(onStack.screenMessage, null);
    await panelShot('stack');
    const stackLabel = await labelWithHotkey(true);
    labeled.push(stackLabel);
    const stored = (await aliceLabels()).filter((r) => r.candidateId === stackLabel.candidateId);
    assert.deepEqual(
      stored.map((r) => r.value),
      [stackLabel.value],
    );
  });

  let retracted = 0;
  it('undo (Ctrl+Z) brings the case back with its answer marked, confirms, and a new answer is stored', async () => {
    const first = await labelWithHotkey(true);
    await page.keyboard.press('Control+z');
    const back = await until(
      'the undone case on screen',
      (x) => x.caseId === first.candidateId && x.undone !== null,
    );
    assert.match(
      back.undone!,
      new RegExp(`^Undone: ${first.value} on case ${first.candidateId.slice(0, 8)}. Choose again.$`),
    );
    assert.equal(back.previous, `aift-label-${first.value}`);
    await panelShot('undone');
    retracted++;
    labeled.push(await labelWithHotkey(true));
    const rows = (await aliceLabels()).filter((r) => r.candidateId === first.candidateId);
    assert.deepEqual(
      rows.map((r) => [r.value, r.retractedAt !== null]),
      [
        [first.value, true],
        [first.value, false],
      ],
    );
    assert.equal((await shown()).undone, null, 'the confirmation outlived its case');
  });

  it('labels a study opened from the study browser by hotkey, one neither listed nor labeled', async () => {
    const short = (sop: string | null) => sop?.split('.').slice(-3).join('.') ?? '';
    const labeledBefore = new Set((await aliceLabels()).map((r) => r.candidateId));
    let opened: Shown | undefined;
    // Studies the browser lists but has not expanded, until one holds no worklist case and none labeled:
    // opening a row loads its series, a double click on the thumbnail shows it.
    for (let tries = 0; tries < product.studies.length && opened === undefined; tries++) {
      const before = await shown();
      const row = page
        .locator('[data-cy="studyBrowser-panel"] h3 > button[aria-expanded="false"][aria-controls]')
        .first();
      // Read before the click: once expanded, the locator names the next collapsed row.
      const region = page.locator(`[id="${await row.getAttribute('aria-controls')}"]`);
      await row.click();
      await region.locator('[data-cy="study-browser-thumbnail"]').first().dblclick();
      const s = await until(
        'the study from the browser, known as a candidate',
        (x) => x.displayedSop !== before.displayedSop && x.caseId !== null && x.screenMessage === null,
      );
      if (!s.worklistSops.includes(short(s.displayedSop)) && !labeledBefore.has(s.caseId!)) opened = s;
    }
    assert.ok(opened, 'every study opened was on the worklist or labeled');
    await panelShot('study-browser');
    const label = await labelWithHotkey(true);
    assert.equal(label.candidateId, opened.caseId);
    labeled.push(label);
    const rows = (await aliceLabels()).filter((r) => r.candidateId === label.candidateId);
    assert.deepEqual(
      rows.map((r) => [r.sopInstanceUid, r.value]),
      [[opened.displayedSop, label.value]],
    );
  });

  it('keeps labels made while the trainer is down and sends each once when it is back', async () => {
    await page.keyboard.press('n');
    await until('a case', (x) => x.caseId !== null && x.stripCells.length === 0);
    await product.stopTrainer();
    const offline = [await labelWithHotkey(false), await labelWithHotkey(false)];
    const s = await until('two queued labels', (x) => x.online === 'false' && x.queued === '2');
    assert.equal(s.queued, '2');
    await shot('offline-queue');
    await product.startTrainer();
    await until('the queue to drain', (x) => x.queued === '0' && x.online === 'true', 90_000);
    const stored = await aliceLabels();
    for (const l of offline) {
      const rows = stored.filter((r) => r.candidateId === l.candidateId);
      assert.equal(rows.length, 1, `${l.candidateId} stored ${rows.length} times`);
      assert.equal(rows[0]!.value, l.value);
    }
    assert.equal(stored.length, labeled.length + retracted + offline.length);
  });

  it("logged no patient identifier over the whole run (the demo's PatientName and PatientID)", () => {
    const logs = product.logLines.join('');
    assert.ok(product.logLines.length > 20, `only ${product.logLines.length} log lines: is logging on?`);
    assert.match(logs, /"url":"\/api\/labels"|\/api\/labels/, 'the label requests are in the log');
    for (const identifier of [DEMO_PATIENT.PatientName, DEMO_PATIENT.PatientID]) {
      assert.ok(!logs.includes(identifier), `${identifier} appears in the trainer's log`);
    }
  });
});
