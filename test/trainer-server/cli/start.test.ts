// `npm start` end to end: the built start command (trainer-server/dist/cli/start.js) with its own Orthanc,
// run twice on one data folder, its viewer opened in Chromium. `npm test` builds first; run `npm run build` before running this file alone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProgressSchema, WorklistSchema } from '../../../trainer-server/src/api/schemas/index.js';
import { startChromium } from '../../support/chromium.js';
import { signIn } from '../../support/viewerSignIn.js';
import { startUntilReady } from './startRun.js';
import type { StartRun } from './startRun.js';

const START = fileURLToPath(new URL('../../../trainer-server/dist/cli/start.js', import.meta.url));
const ARTIFACTS = join('test-artifacts', 'start');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port was assigned')),
      );
    });
  });
}

/** Starts the built command on `dataDir` and resolves once it is ready. */
function start(dataDir: string, port: number, ...flags: string[]): Promise<StartRun> {
  return startUntilReady(process.execPath, [START, '--data-dir', dataDir, '--port', String(port), ...flags]);
}

/** The pids of Orthanc processes whose command line names this run's data folder. */
function orthancsOf(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `Orthanc ${join(dataDir, 'orthanc')}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function worklist(apiUrl: string, token: string) {
  const response = await fetch(`${apiUrl}/worklist?n=5`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, await response.clone().text());
  return WorklistSchema.parse(await response.json());
}

/**
 * What a newcomer sees: the sign-in screen, where they paste a printed reader token, the study list with the
 * demo studies, then the labeling route with the panel.
 */
async function seeViewer(viewerUrl: string, firstCase: string, readerToken: string): Promise<void> {
  const chromium = await startChromium();
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    const page = await chromium.context.newPage();
    await page.goto(`${viewerUrl}/`);
    await signIn(page, readerToken);
    await page
      .getByText(/DEMO-CXR-\d{4}/)
      .first()
      .waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'study-list.png') });
    await page.goto(firstCase);
    await page.waitForSelector('[data-testid="aift-model-version"][data-value="v0001"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="aift-worklist-row"]');
    await page.waitForSelector('[data-testid="aift-badge-entropy"]', { timeout: 60_000 });
    // The link lands on the reader's top worklist case, which can be labeled.
    await page.waitForSelector('li:first-child > [data-testid="aift-worklist-row"][aria-current="true"]', {
      timeout: 60_000,
    });
    await page.waitForSelector('[data-testid^="aift-label-"]:not([disabled])');
    await page.screenshot({ path: join(ARTIFACTS, 'labeling.png') });
  } finally {
    await chromium.close();
  }
}

describe('npm start (scripts/start.sh -> dist/cli/start.js)', () => {
  let dataDir: string;
  const runs: StartRun[] = [];

  before(() => {
    assert.ok(existsSync(START), `${START} is missing: build first with npx tsc -b`);
    dataDir = mkdtempSync(join(tmpdir(), 'aift-start-'));
  });
  after(async () => {
    for (const run of runs) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let annotator = '';

  it('starts Orthanc with the demo, the trainer and the viewer; prints tokens once; the viewer works', async () => {
    const port = await freePort();
    const run = await start(dataDir, port);
    runs.push(run);
    const output = run.output();
    assert.match(output, /imported the demo, 300 chest X-rays of PneumoniaMNIST \(CC BY 4\.0/);
    const truth = readFileSync(join(dataDir, 'demo-truth.csv'), 'utf8').trim().split('\n');
    assert.equal(truth.length, 1 + 300, 'the ground truth of every demo image is written beside the PACS');
    assert.match(
      output,
      new RegExp(`Viewer \\(OHIF with the AIFT labeling mode\\): http://127\\.0\\.0\\.1:${port}/`),
    );
    const firstCase = /Start labeling: (http:\/\/\S+)/.exec(output)?.[1];
    assert.match(
      firstCase ?? '',
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/aift\\?StudyInstanceUIDs=[0-9.]+&aiftCase=top$`),
    );
    const apiUrl = /Trainer API: (http:\/\/127\.0\.0\.1:\d+\/api)/.exec(output)?.[1];
    assert.equal(apiUrl, `http://127.0.0.1:${port}/api`);
    annotator = /READER_1_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    const reader2 = /READER_2_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    const admin = /ADMIN_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    assert.ok(annotator && reader2 && admin && new Set([annotator, reader2, admin]).size === 3, output);
    assert.match(output, /Sign in: the viewer asks "who is labeling\?"/);
    assert.equal(orthancsOf(dataDir).length, 1, 'one Orthanc runs for this data folder');

    const health = await fetch(`${apiUrl}/health`);
    assert.equal(health.status, 200);
    const progress = await fetch(`${apiUrl}/progress`, { headers: { Authorization: `Bearer ${admin}` } });
    assert.deepEqual(
      ProgressSchema.pick({ candidates: true, labeled: true }).parse(await progress.json()),
      { candidates: 300, labeled: 0 },
      'the ground truth went to the trainer as labels',
    );
    const list = await worklist(apiUrl, annotator);
    assert.equal(list.modelVersion, 'v0001', 'the cold start published the first version');
    assert.equal(list.items.length, 5);
    assert.ok(list.items.every((item) => item.modality === 'OT' && item.predictedClass !== null));
    await seeViewer(`http://127.0.0.1:${port}`, firstCase!, annotator);
    // No credential in what the viewer serves; the PACS behind it answers signed-in readers only.
    for (const path of ['/', '/app-config.js']) {
      const text = await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
      for (const token of [annotator, reader2, admin])
        assert.ok(!text.includes(token), `${path} holds a token`);
    }
    const studies = `http://127.0.0.1:${port}/dicom-web/studies`;
    assert.equal((await fetch(studies)).status, 401);
    const asReader = await fetch(studies, { headers: { Authorization: `Bearer ${reader2}` } });
    assert.equal(asReader.status, 200);

    const forbidden = await fetch(`${apiUrl}/training`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${annotator}` },
    });
    assert.equal(forbidden.status, 403, 'the annotator token is not an admin token');

    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /stopped/);
    assert.deepEqual(orthancsOf(dataDir), [], 'Orthanc was left running');
  });

  it('starts again on the same data: no new upload, no new tokens, the old token still works', async () => {
    assert.ok(annotator, 'the first start did not run');
    const port = await freePort();
    const run = await start(dataDir, port);
    runs.push(run);
    const output = run.output();
    assert.doesNotMatch(output, /uploaded/);
    assert.doesNotMatch(output, /_TOKEN=/);
    assert.doesNotMatch(output, /cold start:/);
    assert.match(output, /pool: 300 frames in the PACS, 0 new/);
    const list = await worklist(`http://127.0.0.1:${port}/api`, annotator);
    assert.equal(list.modelVersion, 'v0001');
    assert.ok(list.items.length > 0);

    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.output());
    assert.deepEqual(orthancsOf(dataDir), [], 'Orthanc was left running');
  });

  it('with --new-tokens revokes the printed tokens and prints a working new set', async () => {
    assert.ok(annotator, 'the first start did not run');
    const port = await freePort();
    const run = await start(dataDir, port, '--new-tokens');
    runs.push(run);
    const fresh = /READER_1_TOKEN=(\S+)/.exec(run.output())?.[1];
    assert.ok(fresh && fresh !== annotator, run.output());
    const apiUrl = `http://127.0.0.1:${port}/api`;
    const old = await fetch(`${apiUrl}/worklist`, { headers: { Authorization: `Bearer ${annotator}` } });
    assert.equal(old.status, 401, 'the old annotator token still works');
    assert.ok((await worklist(apiUrl, fresh)).items.length > 0);

    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.output());
    assert.deepEqual(orthancsOf(dataDir), [], 'Orthanc was left running');
  });
});
