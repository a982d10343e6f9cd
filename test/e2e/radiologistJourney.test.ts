// The radiologist's path through the product, as issue 15 walks it, in one run: the README's `npm start` on
// the chest X-ray demo (a real Orthanc, the real trainer, the prebuilt OHIF viewer with our plugins) and real
// Chromium. The start link opens the top worklist case; 20 cases are labeled by hotkey; an undo brings its
// case back; new model versions arrive and the learning curve gains a point; OHIF's study list marks what
// the reader labeled and holds and how worthy the rest is; a study opened from that list and a frame of the
// stack are labeled; a second reader's labels are stored under their name; and SIGTERM to npm leaves
// nothing running. Along the way: no message outlives its condition, the worklist is sorted by the number it
// shows, and the browser's numbers equal the server's (1e-4). Nothing the gateway serves holds a credential
// and /dicom-web refuses anonymous readers.
// Screenshots of each step go to test-artifacts/journey/, or with AIFT_WRITE_SCREENSHOTS=1 to
// docs/screenshots/ (docs/walkthrough.md shows them). Needs the build (npm run build).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { LabelExportRowSchema, WorklistSchema } from '../../trainer-server/src/api/schemas/index.js';
import type { WorklistItemDto } from '../../trainer-server/src/api/schemas/index.js';
import { CXR_DEMO } from '../../trainer-server/src/cli/start/seedDemo.js';
import { startChromium } from '../support/chromium.js';
import type { RunningChromium } from '../support/chromium.js';
import { signIn } from '../support/viewerSignIn.js';
import { call, waitForIdleTraining } from '../trainer-server/api/support.js';
import { membersOf, startUntilReady } from '../trainer-server/cli/startRun.js';
import type { StartRun } from '../trainer-server/cli/startRun.js';
import { isScoredCase, viewerPage } from './viewerPage.js';
import type { Shown, ViewerPage } from './viewerPage.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS =
  process.env.AIFT_WRITE_SCREENSHOTS === '1'
    ? join(REPOSITORY, 'docs', 'screenshots')
    : join(REPOSITORY, 'test-artifacts', 'journey');
const TOLERANCE = 1e-4;
const HOTKEY_LABELS = 20;
/**
 * Training after every 6 new labels, not the default 16: up to half the first labels are blind audit cases
 * (which never train), and a version is measured only once the audit holds 10 labels. The audit's warm-up
 * rate at its maximum (0.5), so that the learning curve gains a point after a few dozen labels.
 */
const START_ENV = { AIFT_TRAINING_TRIGGER: '6', AIFT_AUDIT_WARMUP_RATE: '0.5' };
/** Labels beyond the first 20 that may be needed before a version is measured on the audit. */
const MAX_MORE_LABELS = 40;
const GONE_TIMEOUT_MS = 30_000;
const STACK_GROUP = 'DEMO-CXR-STACK';

/** One line of the demo's ground truth (demo-truth.csv beside the PACS): the answers the test gives. */
interface Truth {
  readonly sopInstanceUid: string;
  readonly label: string;
  readonly group: string;
}

/** By SOP Instance UID (the demo's images are single-frame). */
function readTruth(path: string): Map<string, Truth> {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const at = (name: string) => columns.indexOf(name);
  return new Map(
    lines.map((line) => {
      const fields = line.split(',');
      const row: Truth = {
        sopInstanceUid: fields[at('sopInstanceUid')]!,
        label: fields[at('label')]!,
        group: fields[at('group')]!,
      };
      return [row.sopInstanceUid, row];
    }),
  );
}

/** The worklist as the panel shows it: its heading, how it is ranked, and each row's shown number. */
const READ_WORKLIST = `(() => ({
  heading: document.querySelector('[data-testid="aift-worklist-model"]')?.textContent ?? null,
  ranking: document.querySelector('[data-testid="aift-worklist-model"]')?.getAttribute('data-ranking') ?? null,
  ranks: [...document.querySelectorAll('[data-testid="aift-worklist-rank"]')].map((e) => e.textContent),
}))()`;

const CURVE_POINTS = `document.querySelectorAll('[data-testid="aift-curve-point"]').length`;

describe("the radiologist's path, from npm start to a second reader", () => {
  let dataDir = '';
  let run: StartRun;
  let viewerUrl = '';
  let startLink = '';
  const tokens = { reader1: '', reader2: '', admin: '' };
  let truth: Map<string, Truth>;
  let chromium: RunningChromium;
  let page: Page;
  let view: ViewerPage;
  const pageErrors: string[] = [];

  const shot = (name: string) => view.shot(`journey-${name}`);
  const groupOf = (sop: string) => truth.get(sop)!.group;
  const curveSection = () => page.getByRole('region', { name: 'Learning curve' });

  const labelsBy = async (annotator: string) => {
    const reply = await call(viewerUrl, 'GET', '/api/labels/export?format=json', { token: tokens.admin });
    return reply.as(z.array(LabelExportRowSchema)).filter((r) => r.annotator === annotator);
  };

  /** The server's numbers for a case of reader-1's worklist (her leases, renewed), and its model version. */
  const serverItem = async (candidateId: string): Promise<WorklistItemDto & { modelVersion: string }> => {
    const reply = await call(viewerUrl, 'GET', '/api/worklist', { token: tokens.reader1 });
    const list = reply.as(WorklistSchema);
    const item = list.items.find((i) => i.candidateId === candidateId);
    assert.ok(item, `${candidateId} is not on reader-1's worklist`);
    return { ...item, modelVersion: list.modelVersion ?? '' };
  };

  const assertSameNumbers = (s: Shown, item: WorklistItemDto, parts: readonly (keyof Shown['badge'])[]) => {
    for (const part of parts) {
      const browser = Number(s.badge[part]);
      const server = item[part as 'entropy'] as number;
      assert.ok(Math.abs(browser - server) < TOLERANCE, `${part}: browser ${browser}, server ${server}`);
    }
  };

  /** The worklist's rows are in the order of the number each shows, and its heading names that number. */
  const assertWorklistSorted = async () => {
    const list = await page.evaluate<{ heading: string | null; ranking: string | null; ranks: string[] }>(
      READ_WORKLIST,
    );
    assert.ok(list.ranks.length >= 2, `only ${list.ranks.length} worklist rows`);
    if (list.ranking === 'coldStart') {
      assert.match(list.heading ?? '', /^by cold-start pick \(robust k-center\) · v\d{4}$/);
      const picks = list.ranks.map((r) => Number(/^pick (\d+)$/.exec(r)?.[1] ?? NaN));
      assert.ok(picks.every(Number.isInteger), `rows without a pick: ${list.ranks.join(', ')}`);
      assert.deepEqual(
        picks,
        [...picks].sort((a, b) => a - b),
        'the picks are not in order',
      );
    } else {
      assert.match(list.heading ?? '', /^by worthiness · v\d{4}$/);
      const worthiness = list.ranks.map(Number);
      assert.ok(worthiness.every(Number.isFinite), `rows without a worthiness: ${list.ranks.join(', ')}`);
      assert.deepEqual(
        worthiness,
        [...worthiness].sort((a, b) => b - a),
        'the worthiness is not in order',
      );
    }
    return list;
  };

  /**
   * The image on screen is a case and stays one, with no message about it and none in the panel, for a
   * second: a message whose condition has ended (checking, an error that has passed) would still show.
   */
  const assertNoStaleMessage = async () => {
    for (let i = 0; i < 5; i++) {
      const s = await view.shown();
      assert.equal(s.screenMessage, null, 'a message about the image on screen, which is a case');
      assert.deepEqual(s.messages, [], 'the panel shows a message');
      await page.waitForTimeout(200);
    }
    const toasts = await page.evaluate<number>(`document.querySelectorAll('[data-sonner-toast]').length`);
    assert.equal(toasts, 0, 'an OHIF notification is still shown');
  };

  /** Presses the digit of the image's true class, waits for the next case and the server's receipt. */
  const labelWithHotkey = async () => {
    const before = await view.until('a case on screen', (s) => s.caseId !== null && s.displayedSop !== null);
    const answer = truth.get(before.displayedSop!);
    assert.ok(answer, `${before.displayedSop} is not in the demo's ground truth`);
    await page.keyboard.press(String(CXR_DEMO.classes.indexOf(answer.label as 'normal') + 1));
    await view.until('the next case', (s) => s.caseId !== null && s.caseId !== before.caseId);
    await view.until('the label to be acknowledged', (s) => s.queued === '0');
    return { candidateId: before.caseId!, value: answer.label, sopInstanceUid: before.displayedSop! };
  };

  /** OHIF's study list, filtered by patient name (its first filter) to one demo patient: that row. */
  const filterStudyList = async (patient: string) => {
    await page.goto(`${viewerUrl}/`);
    const filter = page.locator('input').first();
    await filter.waitFor({ timeout: 60_000 });
    await filter.fill(patient);
    await page.waitForFunction(
      `(() => { const rows = [...document.querySelectorAll('tbody tr')].filter((r) => r.textContent.includes('DEMO-CXR'));
        return rows.length === 1 && rows[0].textContent.includes(${JSON.stringify(patient)}); })()`,
      null,
      { timeout: 30_000 },
    );
    return page.locator('tbody tr').filter({ hasText: patient });
  };

  /** The AIFT marks of one demo patient's row in OHIF's study list, once they have loaded. */
  const studyListMarks = async (patient: string) => {
    const marks = (await filterStudyList(patient)).locator('[data-testid="aift-study-marks"]');
    await marks.waitFor({ timeout: 30_000 });
    return {
      status: await marks.getAttribute('data-status'),
      labeled: await marks.getAttribute('data-labeled'),
      held: await marks.getAttribute('data-held'),
      rank: await marks.getAttribute('data-rank'),
      text: await marks.innerText(),
    };
  };

  /** OHIF's study list, filtered to one demo patient, and that study opened in the AIFT mode. */
  const openFromStudyList = async (patient: string, screenshot?: string) => {
    const row = await filterStudyList(patient);
    await row.click();
    const launch = page.getByRole('button', { name: 'AIFT labeling' });
    await launch.waitFor({ timeout: 30_000 });
    if (screenshot) await shot(screenshot);
    await launch.click();
    await page.getByTestId('aift-panel').waitFor({ timeout: 90_000 });
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aift-journey-'));
    run = await startUntilReady('npm', ['start', '--', '--port', '0', '--data-dir', dataDir], {
      cwd: REPOSITORY,
      detached: true,
      env: START_ENV,
    });
    const output = run.output();
    viewerUrl =
      /Viewer \(OHIF with the AIFT labeling mode\): (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1] ?? '';
    startLink = /Start labeling: (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    tokens.reader1 = /READER_1_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    tokens.reader2 = /READER_2_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    tokens.admin = /ADMIN_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    assert.ok(viewerUrl && startLink && tokens.reader1 && tokens.reader2 && tokens.admin, output);
    truth = readTruth(join(dataDir, 'demo-truth.csv'));
    chromium = await startChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    view = viewerPage(page, SCREENSHOTS, pageErrors);
  });
  after(async () => {
    await chromium?.close();
    if (run?.child.pid !== undefined && membersOf(run.child.pid).length > 0) {
      process.kill(-run.child.pid, 'SIGKILL'); // a failed test's leftovers; the last test asserts none
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves no credential in the page or its config, and /dicom-web without credentials gets 401', async () => {
    const secrets = Object.values(tokens);
    for (const path of ['/', '/index.html', '/aift', '/app-config.js', '/aift/plugins/aift-extension.mjs']) {
      const response = await fetch(`${viewerUrl}${path}`);
      assert.equal(response.status, 200, path);
      const text = await response.text();
      for (const secret of secrets) assert.ok(!text.includes(secret), `${path} holds a token`);
      assert.doesNotMatch(text, /Bearer [A-Za-z0-9]/, `${path} holds an Authorization value`);
    }
    assert.doesNotMatch(await (await fetch(`${viewerUrl}/app-config.js`)).text(), /token/i);
    assert.equal((await fetch(`${viewerUrl}/dicom-web/studies`)).status, 401);
    const reader = await fetch(`${viewerUrl}/dicom-web/studies`, {
      headers: { Authorization: `Bearer ${tokens.reader1}` },
    });
    assert.equal(reader.status, 200);
  });

  let curvePointsAtStart = 0;
  it("opens the start link on the top worklist case, labelable, the browser's numbers the server's", async () => {
    await page.goto(startLink);
    await page.getByTestId('aift-sign-in').waitFor({ timeout: 90_000 });
    await shot('01-sign-in');
    await signIn(page, `READER_1_TOKEN=${tokens.reader1}`); // the line npm start prints, pasted whole
    await page.getByTestId('aift-panel').waitFor({ timeout: 90_000 });
    // OHIF's "investigational use only" banner covers the bottom of the viewport until confirmed.
    await page.getByRole('button', { name: 'Confirm and hide' }).click();
    await page.mouse.move(700, 500); // off the worklist, whose rows light up under the pointer
    const top = page.locator('li:first-child > [data-testid="aift-worklist-row"]');
    await top.waitFor({ timeout: 60_000 });
    // The link opens the launch study, then the top case, and drops its parameter once that is done.
    await page.waitForFunction(`!location.search.includes('aiftCase')`, null, { timeout: 90_000 });
    const topId = await top.getAttribute('data-candidate-id');
    const s = await view.until(
      'the top case scored on screen',
      (x) => x.caseId === topId && isScoredCase(x, 'v0001'),
      30_000,
    );
    assert.equal(await top.getAttribute('aria-current'), 'true');
    for (const value of CXR_DEMO.classes) {
      assert.equal(await page.getByTestId(`aift-label-${value}`).isEnabled(), true, `${value} is disabled`);
    }
    // v0001 is the cold start: its stored worthiness is a k-center rank, so the prediction parts compare,
    // and the panel shows the rank as a pick with its method.
    const item = await serverItem(s.caseId!);
    assert.equal(item.modelVersion, 'v0001');
    assertSameNumbers(s, item, ['entropy', 'diversity']);
    assert.equal(s.casePick, `pick ${item.pick} of ${truth.size}, robust k-center`);
    assert.equal(s.untrainedBadge, true, 'the untrained model is not said to be untrained');
    await assertWorklistSorted();
    await assertNoStaleMessage();
    assert.equal(await page.getByText('FPS').count(), 0, "OHIF's cine player shows over one radiograph");
    curvePointsAtStart = await page.evaluate<number>(CURVE_POINTS);
    await shot('02-start-link');
    assert.deepEqual(pageErrors, []);
  });

  const labeled: { candidateId: string; value: string; sopInstanceUid: string }[] = [];
  it(`labels ${HOTKEY_LABELS} cases by hotkey, each stored under reader-1, no message left behind`, async () => {
    for (let i = 0; i < HOTKEY_LABELS; i++) {
      labeled.push(await labelWithHotkey());
      if (i === 0) await shot('03-labeling');
      await view.until('the next case known', (s) => s.caseId !== null && s.scoredSop === s.displayedSop);
      await assertNoStaleMessage();
    }
    const stored = (await labelsBy('reader-1')).filter((r) => r.retractedAt === null);
    assert.deepEqual(
      stored.map((r) => [r.candidateId, r.value]).sort(),
      labeled.map((l) => [l.candidateId, l.value]).sort(),
    );
  });

  it('undo (Ctrl+Z) brings the case back with its answer shown; a new answer is stored', async () => {
    const first = await labelWithHotkey();
    await page.keyboard.press('Control+z');
    const back = await view.until(
      'the undone case back on screen',
      (x) => x.caseId === first.candidateId && x.undone !== null,
    );
    assert.equal(back.displayedSop, first.sopInstanceUid);
    assert.equal(
      back.undone,
      `Undone: ${first.value} on case ${first.candidateId.slice(0, 8)}. Choose again.`,
    );
    assert.equal(back.previous, `aift-label-${first.value}`);
    await shot('04-undone');
    labeled.push(await labelWithHotkey());
    const rows = (await labelsBy('reader-1')).filter((r) => r.candidateId === first.candidateId);
    assert.deepEqual(
      rows.map((r) => [r.value, r.retractedAt !== null]),
      [
        [first.value, true],
        [first.value, false],
      ],
    );
    // The confirmation was true while its case was on screen, and went with it.
    assert.equal((await view.shown()).undone, null, 'the undo confirmation outlived its case');
  });

  it('sees new versions arrive as labeling goes on, the learning curve gains a point, the numbers agree', async () => {
    const arrived = await view.until(
      'a trained version in the panel and on the badge',
      (x) => x.modelVersion !== 'v0001' && x.badge.model === x.modelVersion && x.scoredSop === x.displayedSop,
      180_000,
    );
    // A version is measured when it is trained, once the audit holds 10 labels of both classes: the reader
    // labels on until one is (each training round, the panel's curve is read once the round is over).
    for (let more = 0; ; more++) {
      await waitForIdleTraining(viewerUrl, tokens.admin, 180_000);
      const gained = await page
        .waitForFunction(`${CURVE_POINTS} > ${curvePointsAtStart}`, null, { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (gained) break;
      const why = await curveSection().innerText();
      assert.ok(more < MAX_MORE_LABELS, `no point after ${MAX_MORE_LABELS} more labels: ${why}`);
      labeled.push(await labelWithHotkey());
    }
    // The server's latest version once training is idle (the panel may not have heard of it yet: another
    // round can finish while the curve is read); the panel and its worklist follow it by the event stream.
    const latest = await call(viewerUrl, 'GET', '/api/models/latest', { token: tokens.admin });
    const version = (latest.json as { version: string }).version;
    await view.until(
      `the panel and its worklist on ${version}`,
      (x) => x.modelVersion === version && x.worklistModel === version,
    );
    assert.equal(
      await page.getByTestId('aift-training').getAttribute('data-status'),
      'succeeded',
      'the training line does not say that the round is over',
    );
    await page.keyboard.press('n');
    const s = await view.until(
      `the next case under ${version}`,
      (x) => isScoredCase(x, version) && x.displayedSop !== arrived.displayedSop,
    );
    const item = await serverItem(s.caseId!);
    assert.equal(item.modelVersion, version);
    assert.equal(s.untrainedBadge, false);
    assert.equal(s.badge.class, item.predictedClass);
    assertSameNumbers(s, item, ['probability', 'entropy', 'diversity', 'worthiness']);
    const list = await assertWorklistSorted();
    assert.equal(list.ranking, 'worthiness');
    await assertNoStaleMessage();
    await shot('05-new-version');
    await curveSection().screenshot({ path: join(SCREENSHOTS, 'journey-05-learning-curve.png') });
  });

  let unmarked: Truth | undefined;
  it("marks in OHIF's study list what the reader labeled, what she holds, and how worthy the rest is", async () => {
    const held = await page.evaluate<string[]>(
      `globalThis.__aift.services().worklist.get().cases.map((c) => c.sopInstanceUid)`,
    );
    const first = labeled.find((l) => groupOf(l.sopInstanceUid) !== STACK_GROUP)!;
    const labeledRow = await studyListMarks(groupOf(first.sopInstanceUid));
    assert.equal(labeledRow.status, 'ready');
    assert.equal(labeledRow.labeled, first.value);
    assert.equal(labeledRow.held, '');
    assert.match(labeledRow.text, new RegExp(`✓ ${first.value}`));
    const heldRow = await studyListMarks(groupOf(held.find((sop) => groupOf(sop) !== STACK_GROUP)!));
    assert.equal(heldRow.held, 'you');
    assert.equal(heldRow.labeled, '');
    assert.match(heldRow.text, /on your worklist/);
    const done = new Set(labeled.map((l) => l.sopInstanceUid));
    const rest = [...truth.values()].find(
      (t) => t.group !== STACK_GROUP && !held.includes(t.sopInstanceUid) && !done.has(t.sopInstanceUid),
    )!;
    unmarked = rest;
    const restRow = await studyListMarks(rest.group);
    assert.deepEqual([restRow.labeled, restRow.held], ['', '']);
    assert.match(restRow.rank ?? '', /^\d+$/);
    assert.match(restRow.text, new RegExp(`^#${restRow.rank} of \\d+$`));
    // The whole first page, each row marked.
    await page.goto(`${viewerUrl}/`);
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="aift-study-marks"][data-status="ready"]').length >= 10`,
      null,
      { timeout: 30_000 },
    );
    await shot('06-study-list');
  });

  it('opens a study the list marks as labeled: the panel says what the reader answered', async () => {
    const first = labeled.find((l) => groupOf(l.sopInstanceUid) !== STACK_GROUP)!;
    await openFromStudyList(groupOf(first.sopInstanceUid));
    await view.until(
      'the labeled study, known as a case',
      (x) => x.displayedSop === first.sopInstanceUid && x.caseId !== null,
      90_000,
    );
    const mark = page.getByTestId('aift-case-labeled');
    await mark.waitFor({ timeout: 30_000 });
    assert.equal(await mark.getAttribute('data-value'), first.value);
    assert.equal(
      await mark.innerText(),
      `You labeled this image ${first.value}. A new answer replaces yours.`,
    );
    // The page opened afresh: the screenshot waits for the model, as a reader would.
    await view.until(
      'the model loaded and the frame scored',
      (x) => x.modelVersion !== null && x.badge.model === x.modelVersion && x.scoredSop === x.displayedSop,
    );
    await shot('07-labeled-study');
  });

  it("opens a study from OHIF's study list and labels it by hotkey", async () => {
    // The study the list marked with its rank only: neither labeled nor held by the reader.
    const other = unmarked;
    assert.ok(other, 'the study list step found no such study');
    await openFromStudyList(other.group, '08-study-list-launch');
    const s = await view.until(
      'the opened study, known as a case',
      (x) => x.displayedSop === other.sopInstanceUid && x.caseId !== null,
      90_000,
    );
    assert.equal(s.screenMessage, null);
    await assertNoStaleMessage();
    await shot('09-study-from-list');
    const label = await labelWithHotkey();
    assert.equal(label.sopInstanceUid, other.sopInstanceUid);
    labeled.push(label);
    const rows = (await labelsBy('reader-1')).filter((r) => r.sopInstanceUid === other.sopInstanceUid);
    assert.deepEqual(
      rows.map((r) => [r.sopInstanceUid, r.value]),
      [[other.sopInstanceUid, other.label]],
    );
  });

  it('labels a frame of the stack, scrolled to, by hotkey', async () => {
    const stack = [...truth.values()].filter((t) => t.group === STACK_GROUP);
    assert.equal(stack.length, 6);
    await openFromStudyList(STACK_GROUP);
    const first = await view.until(
      'a frame of the stack, known as a case',
      (x) => stack.some((t) => t.sopInstanceUid === x.displayedSop) && x.caseId !== null,
      90_000,
    );
    // Down to another frame, as a reader scrolls a stack (OHIF's next-image key).
    await page.locator('.cornerstone-viewport-element').first().click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const frame = await view.until(
      'another frame of the stack, known as a case',
      (x) =>
        x.displayedSop !== first.displayedSop &&
        stack.some((t) => t.sopInstanceUid === x.displayedSop) &&
        x.caseId !== null &&
        x.scoredSop === x.displayedSop &&
        x.stripCells.length === stack.length,
    );
    assert.equal(frame.screenMessage, null);
    await shot('10-stack');
    const label = await labelWithHotkey();
    assert.equal(label.sopInstanceUid, frame.displayedSop);
    labeled.push(label);
    const rows = (await labelsBy('reader-1')).filter((r) => r.candidateId === label.candidateId);
    assert.deepEqual(
      rows.map((r) => r.value),
      [truth.get(label.sopInstanceUid)!.label],
    );
  });

  it('stores a second reader as a second annotator', async () => {
    await page.getByTestId('aift-sign-out').click();
    await signIn(page, tokens.reader2);
    const reader = page.getByTestId('aift-reader');
    await reader.waitFor({ timeout: 90_000 });
    assert.equal(await reader.getAttribute('data-name'), 'reader-2');
    await page.keyboard.press('n');
    await view.until('a case for reader-2', (x) => x.caseId !== null && x.scoredSop === x.displayedSop);
    const label = await labelWithHotkey();
    await shot('11-second-reader');
    const export_ = await call(viewerUrl, 'GET', '/api/labels/export?format=json', { token: tokens.admin });
    const rows = export_.as(z.array(LabelExportRowSchema));
    assert.deepEqual([...new Set(rows.map((r) => r.annotator))].sort(), ['reader-1', 'reader-2']);
    assert.deepEqual(
      rows.filter((r) => r.annotator === 'reader-2').map((r) => r.candidateId),
      [label.candidateId],
    );
    assert.equal(
      rows.filter((r) => r.annotator === 'reader-1' && r.retractedAt === null).length,
      labeled.length,
    );
    // The study list marks each reader's own answers only: reader-2 sees hers, and not reader-1's.
    const own = await studyListMarks(groupOf(label.sopInstanceUid));
    assert.equal(own.labeled, label.value);
    const reader1s = labeled.find(
      (l) => ![STACK_GROUP, groupOf(label.sopInstanceUid)].includes(groupOf(l.sopInstanceUid)),
    )!;
    const others = await studyListMarks(groupOf(reader1s.sopInstanceUid));
    assert.equal(others.labeled, '', "reader-1's answer is shown to reader-2");
    assert.doesNotMatch(others.text, /✓/);
    assert.match(others.text, /labeled by another reader/);
    assert.deepEqual(pageErrors, []);
  });

  it('leaves no process after SIGTERM to npm start', async () => {
    await chromium.close();
    const group = run.child.pid!;
    assert.ok(
      membersOf(group).some((m) => /Orthanc/.test(m.args)),
      'Orthanc is not in the group',
    );
    process.kill(group, 'SIGTERM'); // to npm, as a process manager sends it
    await run.exited;
    for (const end = Date.now() + GONE_TIMEOUT_MS; membersOf(group).length > 0 && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(
      membersOf(group).map((m) => m.args),
      [],
      run.output(),
    );
    await assert.rejects(fetch(`${viewerUrl}/api/health`), 'the viewer still answers');
  });
});
