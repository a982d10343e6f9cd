// `npm run doctor` as a user runs it: the built command in a child process, against a real Orthanc and
// against a port where nothing listens.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../../trainer-server/src/store/index.js';
import { MIGRATIONS } from '../../../trainer-server/src/store/sqlite/migrations.js';
import { startOrthanc } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';

const DOCTOR = fileURLToPath(new URL('../../../trainer-server/dist/cli/doctor.js', import.meta.url));

interface DoctorRun {
  readonly code: number;
  readonly stdout: string;
}

/** Runs the command with no AIFT_* variable of this shell, so only the flags given here count. */
function runDoctor(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<DoctorRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AIFT_')));
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [DOCTOR, ...args],
      { env: { ...env, ...extraEnv }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          return reject(new Error('the doctor command did not run', { cause: error }));
        }
        if (stderr !== '') return reject(new Error(`doctor wrote to stderr:\n${stderr}`));
        resolvePromise({ code: error === null ? 0 : (error.code as number), stdout });
      },
    );
  });
}

function lineOf(stdout: string, check: string): string {
  const line = stdout.split('\n').find((l) => new RegExp(`^(OK|WARN|FAIL) +${check}:`).test(l));
  assert.ok(line !== undefined, `no "${check}" line in:\n${stdout}`);
  return line;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const address = server.address();
  assert.ok(typeof address === 'object' && address !== null);
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  return address.port;
}

describe('npm run doctor', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;

  before(async () => {
    assert.ok(existsSync(DOCTOR), `${DOCTOR} is missing: build first (npx tsc -b)`);
    orthanc = await startOrthanc();
    dataDir = mkdtempSync(join(tmpdir(), 'aift-doctor-'));
  });
  after(async () => {
    await orthanc?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes against a real Orthanc: every check OK or WARN, exit 0', async () => {
    const { code, stdout } = await runDoctor(['--pacs', orthanc.dicomWebRoot, '--data-dir', dataDir], {
      AIFT_PROJECT_CLASSES: 'disc,square',
    });
    assert.equal(code, 0, stdout);
    assert.doesNotMatch(stdout, /^FAIL/m);
    for (const check of [
      'node',
      'orthanc',
      'configuration',
      'data dir',
      'backbone',
      'onnxruntime-node',
      'plugins',
    ]) {
      assert.match(lineOf(stdout, check), /^OK/);
    }
    assert.match(lineOf(stdout, 'pacs'), new RegExp(`^OK +pacs: ${orthanc.dicomWebRoot}/? answers DICOMweb`));
    assert.match(lineOf(stdout, 'backbone'), /embedding 1280/);
    assert.match(lineOf(stdout, 'plugins'), /built: @aift\/ohif-extension, @aift\/ohif-mode/);
    assert.match(lineOf(stdout, 'viewer'), /^(OK|WARN) +viewer: @ohif\/app@3\.13\.2/);
    // No GPU on the test machines: the backend line says which one runs and which were skipped.
    assert.match(lineOf(stdout, 'training backend'), /gpu: (yes|no)/);
    assert.match(stdout, /skipped tfjs-node-gpu/);
  });

  it('fails on a closed port with a fix, exit 1, and never prints the credentials', async () => {
    const port = await closedPort();
    const { code, stdout } = await runDoctor(
      ['--pacs', `http://127.0.0.1:${port}/dicom-web`, '--data-dir', dataDir],
      {
        AIFT_PROJECT_CLASSES: 'disc,square',
        AIFT_DICOMWEB_TOKEN: 'doctor-test-secret-token',
      },
    );
    assert.equal(code, 1, stdout);
    assert.match(
      lineOf(stdout, 'pacs'),
      new RegExp(`^FAIL +pacs: http://127.0.0.1:${port}/dicom-web unreachable`),
    );
    assert.match(stdout, /^ +fix: start the PACS, or correct the URL/m);
    assert.doesNotMatch(stdout, /doctor-test-secret-token/);
  });

  it('shows a PACS URL without its user name and password', async () => {
    const port = await closedPort();
    const { code, stdout } = await runDoctor([
      '--pacs',
      `http://alice:hunter2@127.0.0.1:${port}/dicom-web`,
      '--data-dir',
      dataDir,
    ]);
    assert.equal(code, 1, stdout);
    assert.match(lineOf(stdout, 'pacs'), /^FAIL/);
    assert.doesNotMatch(stdout, /hunter2|alice/);
  });

  it('opens an existing store read-only, reports its schema version, and checks the published models', async () => {
    const trainerDir = join(dataDir, 'trainer');
    mkdirSync(trainerDir, { recursive: true });
    const store = openSqliteStore(join(trainerDir, 'aift.sqlite'), { clock: () => new Date(0) });
    // A published version as the registry lays it out: the model file and a card naming the version.
    const onnx = Buffer.from('not really onnx, but these are the published bytes');
    const folder = join(trainerDir, 'models', 'versions', 'v0001');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'model.onnx'), onnx);
    writeFileSync(join(folder, 'model-card.json'), JSON.stringify({ version: 'v0001' }));
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    store.models.register(
      { version: 'v0001', parent: null, sha256, metrics: {}, modelCard: {} },
      {
        name: 'test',
        role: 'admin',
      },
    );
    store.close();
    const doctor = () =>
      runDoctor(['--pacs', orthanc.dicomWebRoot, '--data-dir', dataDir], {
        AIFT_PROJECT_CLASSES: 'disc,square',
      });

    const healthy = await doctor();
    assert.equal(healthy.code, 0, healthy.stdout);
    assert.match(
      lineOf(healthy.stdout, 'store'),
      new RegExp(`^OK +store: .*aift\\.sqlite opens \\(schema version ${MIGRATIONS.length}\\)$`),
    );
    assert.match(
      lineOf(healthy.stdout, 'models'),
      /^OK +models: 1 version\(s\) intact in .* \(latest v0001\)$/,
    );

    writeFileSync(join(folder, 'model.onnx'), onnx.subarray(0, 10)); // truncated on disk
    const damaged = await doctor();
    assert.equal(damaged.code, 1, damaged.stdout);
    assert.match(
      lineOf(damaged.stdout, 'models'),
      /^FAIL +models: model version v0001 failed its integrity check: model\.onnx \(10 bytes\) hashes to/,
    );
    assert.match(damaged.stdout, /fix: restore the damaged version folders from a backup/);
  });

  it('fails when the data dir cannot be written', async () => {
    const { code, stdout } = await runDoctor(
      ['--pacs', orthanc.dicomWebRoot, '--data-dir', '/proc/aift-doctor'],
      {
        AIFT_PROJECT_CLASSES: 'disc,square',
      },
    );
    assert.equal(code, 1, stdout);
    assert.match(lineOf(stdout, 'data dir'), /^FAIL +data dir: .* is not writable/);
    assert.match(stdout, /fix: make .* writable by this user/);
  });
});
