// `npm start` end to end: the built start command (trainer-server/dist/cli/start.js) with its own Orthanc,
// run twice on one data folder, its viewer opened in Chromium. `npm test` builds first; run `npm run build` before running this file alone.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WorklistSchema } from '../../../trainer-server/src/api/schemas/index.js';
import { startChromium } from '../../support/chromium.js';

const START = fileURLToPath(new URL('../../../trainer-server/dist/cli/start.js', import.meta.url));
const READY_TIMEOUT_MS = 90_000;
const ARTIFACTS = join('test-artifacts', 'start');

interface StartRun {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

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

/** Starts the command and resolves once it prints "Ready." (after the URL and the tokens). */
async function start(dataDir: string, port: number, ...flags: string[]): Promise<StartRun> {
  const child = spawn(process.execPath, [START, '--data-dir', dataDir, '--port', String(port), ...flags], {
    env: { ...process.env, AIFT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', () => {
      if (!output.includes('\nReady.')) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
  await ready;
  return { child, output: () => output, exited };
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

/** What a newcomer sees: the study list with the demo studies, then the labeling route with the panel. */
async function seeViewer(viewerUrl: string, firstCase: string): Promise<void> {
  const chromium = await startChromium();
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    const page = await chromium.context.newPage();
    await page.goto(`${viewerUrl}/`);
    await page.getByText('AIFT SYNTHETIC DEMO').first().waitFor({ timeout: 60_000 });
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
    assert.match(output, /uploaded 72 synthetic 64x64 demo images \(patient SYNTHETIC\^DEMO/);
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
    annotator = /ANNOTATOR_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    const admin = /ADMIN_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    assert.ok(annotator && admin, output);
    assert.equal(orthancsOf(dataDir).length, 1, 'one Orthanc runs for this data folder');

    const health = await fetch(`${apiUrl}/health`);
    assert.equal(health.status, 200);
    const list = await worklist(apiUrl, annotator);
    assert.equal(list.modelVersion, 'v0001', 'the cold start published the first version');
    assert.equal(list.items.length, 5);
    assert.ok(list.items.every((item) => item.modality === 'OT' && item.predictedClass !== null));
    await seeViewer(`http://127.0.0.1:${port}`, firstCase!);

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
    assert.match(output, /pool: 72 frames in the PACS, 0 new/);
    const list = await worklist(`http://127.0.0.1:${port}/api`, annotator);
    assert.equal(list.modelVersion, 'v0001');
    assert.ok(list.items.length > 0);

    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.output());
    assert.deepEqual(orthancsOf(dataDir), [], 'Orthanc was left running');
  });

  it('with --new-tokens revokes the printed tokens and prints a working new pair', async () => {
    assert.ok(annotator, 'the first start did not run');
    const port = await freePort();
    const run = await start(dataDir, port, '--new-tokens');
    runs.push(run);
    const fresh = /ANNOTATOR_TOKEN=(\S+)/.exec(run.output())?.[1];
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
