// Crash safety end to end: the built server process is killed with SIGKILL while a training job runs, then
// started again on the same data folder. Acknowledged labels, the published model and the job's fate must
// all survive. v0001 is published in-process first (tiny backbone); the spawned server uses its default one.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import {
  LabelExportRowSchema,
  LatestModelSchema,
  TrainingStatusSchema,
} from '../../../trainer-server/src/api/schemas/index.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { classOf, CLASSES, discStudy, idOf } from '../services/support.js';
import { startMain } from './mainProcess.js';
import type { MainProcess } from './mainProcess.js';
import { call, startServer } from './support.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('a server killed during training', () => {
  let orthanc: RunningOrthanc;
  let dataDir: string;
  let admin: string;
  let alice: string;
  let published: { sha256: string };
  const running: MainProcess[] = [];
  const main = async () => {
    const server = await startMain({
      AIFT_DATA_DIR: dataDir,
      AIFT_DICOMWEB_URL: orthanc.dicomWebRoot,
      AIFT_PROJECT_CLASSES: CLASSES.join(','),
      AIFT_TRAINING_TRIGGER: 'manual',
      AIFT_LOG_LEVEL: 'info', // the URL comes in the 'listening' line
    });
    running.push(server);
    return server;
  };

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    dataDir = mkdtempSync(join(tmpdir(), 'aift-restart-'));
    const s = await startServer(orthanc, { dataDir });
    try {
      admin = s.token('admin', 'admin');
      alice = s.token('alice', 'annotator');
      await call(s.url, 'POST', '/api/pool', { token: admin, body: {} });
      for (const i of range(0, 16)) {
        const body = { candidateId: idOf(i), value: classOf(i), idempotencyKey: `a-${i}` };
        assert.equal((await call(s.url, 'POST', '/api/labels', { token: alice, body })).status, 201);
      }
      assert.equal((await call(s.url, 'POST', '/api/training', { token: admin })).status, 202);
      for (let tries = 0; s.server.store.jobs.running('default') && tries < 600; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const model = s.server.store.models.get('v0001');
      assert.ok(model, 'v0001 was not published');
      published = { sha256: model.sha256 };
    } finally {
      await s.stop();
    }
  });
  after(async () => {
    for (const server of running) await server.kill('SIGKILL');
    await orthanc?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged label and the published model, and marks the job failed', async () => {
    const first = await main();
    for (const i of range(16, 20)) {
      const body = { candidateId: idOf(i), value: classOf(i), idempotencyKey: `a-${i}` };
      assert.equal((await call(first.url, 'POST', '/api/labels', { token: alice, body })).status, 201);
    }
    const started = await call(first.url, 'POST', '/api/training', { token: admin });
    assert.equal(started.status, 202);
    const status = (await call(first.url, 'GET', '/api/training', { token: alice })).as(TrainingStatusSchema);
    assert.equal(status.job?.status, 'running', 'the job ended before the kill');
    const jobId = status.job.id;
    await first.kill('SIGKILL');

    const second = await main();
    const after = (await call(second.url, 'GET', '/api/training', { token: alice })).as(TrainingStatusSchema);
    assert.equal(after.job?.id, jobId);
    assert.equal(after.job.status, 'failed');
    const labels = (await call(second.url, 'GET', '/api/labels/export?format=json', { token: admin })).as(
      z.array(LabelExportRowSchema),
    );
    assert.deepEqual(
      labels.map((l) => l.candidateId),
      range(0, 20).map(idOf),
    );
    const latest = (await call(second.url, 'GET', '/api/models/latest', { token: alice })).as(
      LatestModelSchema,
    );
    assert.equal(latest.version, 'v0001');
    assert.equal(latest.sha256, published.sha256);
    const onnx = await fetch(`${second.url}/api/models/v0001/model.onnx`, {
      headers: { Authorization: `Bearer ${alice}` },
    });
    const bytes = new Uint8Array(await onnx.arrayBuffer());
    assert.equal(createHash('sha256').update(bytes).digest('hex'), published.sha256);
    await second.kill('SIGTERM');
    assert.equal(second.child.exitCode, 0, second.output());
  });
});
