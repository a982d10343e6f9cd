// FAULT: the disk that holds the model registry (<dataDir>/models, a small tmpfs mounted there) is full
// when a training job publishes.
// GUARANTEE: the job fails with a stored error that says what it could not do (write model version vN,
// ENOSPC), `latest` stays the previous version and is still served whole, nothing half-written is left in
// the registry, labels are still accepted (SQLite lives outside the full disk), and once space is freed
// the next training run publishes. Needs root for `mount -t tmpfs`; skipped, saying so, without it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { discStudy } from '../trainer-server/services/support.js';
import {
  assertServedModelsIntact,
  exportedLabels,
  labelDiscs,
  latestModel,
  newDataDir,
  registerPool,
  trackedTrainers,
  train,
} from './support.js';
import type { Tokens } from './support.js';

/** Room for one published version (about 9 MB of ONNX) and a filler, not for a second version. */
const TMPFS_SIZE = '48m';

/** Writes 1 MiB blocks, then single bytes, until the file system refuses with ENOSPC. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const block of [Buffer.alloc(1 << 20, 1), Buffer.alloc(4096, 1), Buffer.alloc(1, 1)]) {
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk under the model registry', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;
  let models: string;
  let tokens: Tokens;
  let notMounted: string | undefined;
  const trainers = trackedTrainers();

  before(async () => {
    ({ dataDir, tokens } = newDataDir('disk-full'));
    models = join(dataDir, 'models');
    mkdirSync(models);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', models], { stdio: 'pipe' });
    } catch (error) {
      notMounted = `cannot mount a tmpfs (root needed): ${(error as Error).message}`;
      return;
    }
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
  });
  after(async () => {
    await trainers.killAll();
    await orthanc?.stop();
    if (notMounted === undefined && models) execFileSync('umount', [models]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails the job saying so, keeps latest whole and labels flowing, and publishes once space is back', async (t) => {
    if (notMounted !== undefined) return t.skip(notMounted);
    const server = await trainers.start(dataDir, orthanc.dicomWebRoot);
    const annotator = tokens.annotators[0]!;
    await registerPool(server.url, tokens.admin);
    await labelDiscs(server.url, annotator, 0, 16);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    const previous = await latestModel(server.url, annotator);

    const filler = join(models, 'filler');
    fillUp(filler);
    await labelDiscs(server.url, annotator, 16, 20); // the store is not on the full disk
    assert.equal((await exportedLabels(server.url, tokens.admin)).length, 20);
    const failed = await train(server.url, tokens.admin);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /cannot write model version v0002 in .*models: ENOSPC: no space left/);
    const latest = await latestModel(server.url, annotator);
    assert.equal(latest.version, previous.version);
    assert.equal(latest.sha256, previous.sha256);
    await assertServedModelsIntact(server.url, annotator);
    assert.deepEqual(readdirSync(models).sort(), ['filler', 'versions']);
    assert.deepEqual(readdirSync(join(models, 'versions')), [previous.version]);

    rmSync(filler);
    assert.equal((await train(server.url, tokens.admin)).status, 'succeeded');
    assert.equal((await latestModel(server.url, annotator)).version, 'v0002');
    await assertServedModelsIntact(server.url, annotator);
    await server.kill('SIGTERM');
    assert.equal(server.child.exitCode, 0, server.output());
  });
});
