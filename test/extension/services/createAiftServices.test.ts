// The whole service bundle in real Chromium: onnxruntime-web on WASM (the GPU is off, so WebGPU falls
// back), WADO-RS from a real Orthanc, a real trainer server. Starting loads the model, worklist, counts and
// curve; the next case opens and is scored as the server scored it; a label goes through the queue and
// opens the next case; a new model published while the page runs is swapped in and rescores the frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { call } from '../../trainer-server/api/support.js';
import { idOf } from '../../trainer-server/services/support.js';
import type {
  ConnectionState,
  CurvePoint,
  FrameScore,
  PendingLabel,
  ProjectProgress,
  ScreenCase,
  TrainingProgress,
  WorklistCase,
} from '../../../extension/src/services/types.js';
import { openServicesSession } from './pageSite.js';
import type { ServicesSession } from './pageSite.js';
import type { ServicesPage } from './servicesPage.js';
import { labelDiscs, POOL } from './support.js';
import type { Project } from './support.js';

declare const aift: ServicesPage;

interface Snapshot {
  model: {
    version: string;
    backend: { provider: string; threads: number; proxy: boolean };
    classes: string[];
  } | null;
  score: FrameScore | null;
  heatMap: { columns: number; rows: number; values: number[]; modelVersion: string } | null;
  worklist: { modelVersion: string | null; cases: WorklistCase[] };
  screen: ScreenCase;
  currentCase: WorklistCase | null;
  undone: PendingLabel | null;
  training: TrainingProgress;
  progress: ProjectProgress | null;
  curve: CurvePoint[];
  connection: ConnectionState;
  lastLabel: PendingLabel | null;
  notifications: { title: string; message: string; type: string }[];
  problems: { title: string; message: string }[];
}

const TOLERANCE = 1e-4;

describe('createAiftServices in Chromium against a real trainer server and Orthanc', () => {
  let session: ServicesSession | undefined;
  let project: Project;
  let page: Page;
  const snapshot = () => page.evaluate(() => aift.snapshot()) as Promise<Snapshot>;
  const until = async (what: string, ready: (s: Snapshot) => boolean, ms = 30_000) => {
    for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 50))) {
      const s = await snapshot();
      if (ready(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
    }
  };

  before(async () => {
    session = await openServicesSession(16);
    ({ project, page } = session);
  });
  after(async () => {
    await session?.stop();
  });

  it('starts with the latest model on WASM, a leased worklist, the counts and the learning curve', async () => {
    const s = await snapshot();
    assert.deepEqual(s.model, {
      version: 'v0001',
      backend: { provider: 'wasm', threads: 1, proxy: true },
      classes: ['bright', 'dark'],
    });
    assert.equal(s.worklist.modelVersion, 'v0001');
    assert.equal(s.worklist.cases.length, 4);
    const { learningCurve, labelsSaved, ...counts } = s.progress!;
    assert.deepEqual(counts, {
      candidates: POOL,
      labeled: 16,
      inQueue: POOL - 16,
      readsPerCase: 1,
      agreementRate: null,
      audit: { drawn: 0, labeled: 0 },
    });
    assert.equal(learningCurve.length, 1);
    assert.equal(labelsSaved.status, 'not-yet-measurable');
    assert.equal(s.curve.length, 1);
    assert.equal(s.curve[0]!.version, 'v0001');
    const card = await call(project.api, 'GET', '/models/v0001/model-card.json', { token: project.alice });
    const perClass = (card.json as { training: { labeledPerClass: number[] } }).training.labeledPerClass;
    assert.equal(s.curve[0]!.labeled, perClass[0]! + perClass[1]!);
    // Nothing was drawn for the audit before v0001's scores existed: no metric, and the curve says why.
    assert.equal(s.curve[0]!.metric, null);
    assert.match(s.curve[0]!.unavailable ?? '', /^0 audit labels so far/);
    assert.equal(s.training.status, 'succeeded');
    assert.equal(s.currentCase, null);
    assert.deepEqual(s.connection, {
      online: true,
      queued: 0,
      heldForOtherUser: 0,
      heldFromUnknownUser: 0,
      lastError: null,
    });
  });

  it('opens the next case and scores it as the server did; the heat map follows when switched on', async () => {
    await page.evaluate(() => aift.services().nextCase());
    const s = await until('the score', (x) => x.score !== null);
    const c = s.currentCase;
    assert.ok(c, 'no current case');
    assert.equal(c.candidateId, s.worklist.cases[0]!.candidateId);
    assert.equal(s.score!.frame.sopInstanceUid, c.sopInstanceUid);
    assert.equal(s.score!.predictedClass, c.predictedClass);
    for (const part of ['entropy', 'diversity', 'probability', 'worthiness'] as const) {
      assert.ok(Math.abs(s.score![part] - c[part]!) < TOLERANCE, `${part}: ${s.score![part]} vs ${c[part]}`);
    }
    await page.evaluate(() => aift.services().toggleHeatMap(true));
    const h = await until('the heat map', (x) => x.heatMap !== null);
    assert.equal(h.heatMap!.values.length, h.heatMap!.columns * h.heatMap!.rows);
  });

  it('labels the case through the queue, opens the next; undo retracts it and brings the case back', async () => {
    const before = await snapshot();
    const labeled = before.currentCase!;
    await page.evaluate((value) => aift.services().label(value), labeled.predictedClass!);
    const s = await until('the acknowledgement', (x) => x.lastLabel?.serverId !== undefined);
    assert.notEqual(s.currentCase?.candidateId, labeled.candidateId);
    assert.ok(!s.worklist.cases.some((c) => c.candidateId === labeled.candidateId));
    assert.equal(s.lastLabel!.candidateId, labeled.candidateId);
    await until('the counts', (x) => x.progress?.labeled === 17);

    await page.evaluate(() => aift.services().undo());
    const [stored] = project.server.server.store.labels.forCandidate(labeled.candidateId);
    assert.ok(stored?.retracted, 'the label was not retracted');
    const back = await snapshot();
    assert.equal(back.lastLabel, null);
    // The undone case is on screen again, with the answer taken back, and listed again.
    assert.equal(back.currentCase?.candidateId, labeled.candidateId);
    assert.equal(back.undone?.value, labeled.predictedClass);
    assert.ok(back.worklist.cases.some((c) => c.candidateId === labeled.candidateId));
    // Choosing again stores the new answer and clears the confirmation.
    await page.evaluate(() => aift.services().label('unsure'));
    const again = await until('the relabel', (x) => x.lastLabel?.serverId !== undefined);
    assert.equal(again.undone, null);
    assert.equal(again.lastLabel!.value, 'unsure');
    const current = project.server.server.store.labels
      .forCandidate(labeled.candidateId)
      .filter((l) => !l.retracted);
    assert.deepEqual(
      current.map((l) => l.value),
      ['unsure'],
    );
  });

  it('swaps in a model published while the page runs and rescores the frame on screen', async () => {
    // Bob labels the unlabeled discs that are not on Alice's list, so the case on screen stays hers.
    const bob = project.server.token('bob', 'annotator');
    const listed = new Set((await snapshot()).worklist.cases.map((c) => c.candidateId));
    const others = Array.from({ length: POOL - 16 }, (_, k) => 16 + k).filter((i) => !listed.has(idOf(i)));
    assert.equal(others.length, 4);
    for (const i of others) await labelDiscs(project, bob, i, i + 1);
    const start = await call(project.server.url, 'POST', '/api/training', { token: project.admin });
    assert.equal(start.status, 202, start.text);
    const s = await until(
      'the rescored frame',
      (x) =>
        x.model?.version === 'v0002' &&
        x.score?.modelVersion === 'v0002' &&
        x.worklist.modelVersion === 'v0002',
      60_000,
    );
    const c = s.currentCase;
    assert.ok(c, 'the case on screen is not in the rescored worklist');
    for (const part of ['entropy', 'diversity', 'probability', 'worthiness'] as const) {
      assert.ok(Math.abs(s.score![part] - c[part]!) < TOLERANCE, `${part}: ${s.score![part]} vs ${c[part]}`);
    }
    const done = await until(
      'the end of the job',
      (x) => x.training.status === 'succeeded' && x.curve.length === 2,
    );
    assert.equal(done.training.progress, 1);
    assert.deepEqual(done.problems, []);
    assert.deepEqual(done.notifications, []);
  });

  it('labels any registered candidate on screen, however it was opened, and says in place when it is none', async () => {
    // A disc Bob labeled: not on Alice's worklist, opened as the study browser would open it.
    const frame = (i: number) => ({
      studyInstanceUid: '2.25.500',
      seriesInstanceUid: '2.25.500.1',
      sopInstanceUid: `2.25.500.1.${i + 1}`,
      frame: 1,
    });
    const before = (await snapshot()).notifications.length;
    const listed = new Set((await snapshot()).worklist.cases.map((c) => c.candidateId));
    const i = Array.from({ length: POOL - 16 }, (_, k) => 16 + k).find((k) => !listed.has(idOf(k)))!;
    await page.evaluate((f) => aift.show(f), frame(i));
    const found = await until('the lookup', (x) => x.screen.status === 'candidate');
    assert.equal(found.currentCase?.candidateId, idOf(i));
    await page.evaluate(() => aift.services().label('dark'));
    await until(
      'the acknowledgement',
      (x) => x.lastLabel?.candidateId === idOf(i) && x.lastLabel.serverId !== undefined,
    );
    const mine = project.server.server.store.labels
      .forCandidate(idOf(i))
      .filter((l) => l.annotator === 'alice' && !l.retracted);
    assert.deepEqual(
      mine.map((l) => l.value),
      ['dark'],
    );

    // Not a candidate: the panel's state says so for as long as it is on screen; a label changes nothing.
    await page.evaluate((f) => aift.show(f), { ...frame(0), sopInstanceUid: '2.25.500.1.999' });
    const none = await until('the answer', (x) => x.screen.status === 'not-candidate');
    assert.equal(none.currentCase, null);
    const labels = project.server.server.store.exports.allLabels().length;
    await page.evaluate(() => aift.services().label('dark'));
    assert.equal(project.server.server.store.exports.allLabels().length, labels);
    // Scoring a frame the PACS does not hold fails: the panel's problem list says so, nothing pops up.
    const failed = await until('the scoring problem', (x) => x.problems.length > 0);
    assert.deepEqual(
      failed.problems.map((p) => p.title),
      ['The image on screen could not be scored'],
    );
    assert.deepEqual(failed.notifications.slice(before), []);
    // Back on a candidate, the message's condition has ended.
    await page.evaluate((f) => aift.show(f), frame(i));
    const again = await until('the candidate again', (x) => x.screen.status === 'candidate');
    assert.deepEqual(again.problems, [], 'the scoring problem outlived its image');
  });
});
