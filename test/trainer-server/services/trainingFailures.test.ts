// A job that fails or is cancelled part-way publishes nothing: `latest`, the registry and the scores stay
// as they were, and the job ends failed (or cancelled) with its error. Real Orthanc, store and engine.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportClassifierToOnnx } from '../../../trainer-server/src/engine/onnx/index.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { admin, alice, buildServices, discStudy, label } from './support.js';
import type { Services } from './support.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('training jobs that fail or are cancelled', () => {
  let orthanc: RunningOrthanc;
  let s: Services;
  let exportFails = true;
  const published: string[] = [];

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24).slice(0, 20)); // 20..23 arrive in the last test
    s = await buildServices(orthanc, {
      exportClassifier: (backbone, head) => {
        if (exportFails) throw new Error('export exploded');
        return exportClassifierToOnnx(backbone, head);
      },
    });
    s.bus.subscribe('model.published', ({ version }) => published.push(version));
    await s.pool.register();
  });
  after(async () => {
    await (s as Services | undefined)?.close();
    await (orthanc as RunningOrthanc | undefined)?.stop();
  });

  it('a failing export publishes nothing, and the next job starts fresh and publishes v0001', async () => {
    for (const i of range(0, 16)) label(s.store, alice, i);
    const failed = await s.training.start(admin).done;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, 'Error: export exploded');
    assert.equal(s.store.models.latest(), undefined);
    assert.equal(existsSync(join(s.registryDir, 'versions')), false);
    assert.deepEqual(published, []);
    assert.equal(s.training.newLabelCount(), 16, 'a failed job counted its labels as used');

    exportFails = false;
    const job = await s.training.maybeTrain(admin)?.done;
    assert.equal(job?.status, 'succeeded', job?.error ?? 'maybeTrain did not start');
    const card = s.store.models.get('v0001')?.modelCard as { training: { round: number } };
    assert.equal(card.training.round, 1, 'the learner of the failed job was kept');
    assert.deepEqual(published, ['v0001']);
  });

  it('a job cancelled through its AbortSignal during fine-tuning leaves v0001 published', async () => {
    for (const i of range(16, 20)) label(s.store, alice, i);
    const controller = new AbortController();
    const finished: string[] = [];
    const subscription = s.bus.subscribe('training.progress', ({ step, job }) => {
      if (step === 'fine-tune') controller.abort(new Error('stopped by the admin'));
      if (step === 'finished') finished.push(job.status);
    });
    const job = await s.training.start(admin, { signal: controller.signal }).done;
    subscription.unsubscribe();
    assert.equal(job.status, 'cancelled');
    assert.deepEqual(finished, ['cancelled'], 'viewers hear of the cancellation');
    assert.equal(job.error, 'Error: stopped by the admin');
    assert.equal(s.store.models.latest()?.version, 'v0001');
    assert.deepEqual(readdirSync(join(s.registryDir, 'versions')), ['v0001']);
    assert.equal(s.store.scores.count('v0001'), 4);
  });

  it('cancel(jobId) stops only the running job', async () => {
    const run = s.training.start(admin);
    assert.equal(s.training.cancel(run.job.id + 1), false);
    assert.equal(s.training.cancel(run.job.id), true);
    assert.equal((await run.done).status, 'cancelled');
    assert.equal(s.store.models.latest()?.version, 'v0001');
  });

  it('stop() (the server shutting down) cancels the running job and returns once it is stored', async () => {
    const run = s.training.start(admin);
    let stored = false;
    void run.done.then(() => (stored = true));
    await s.training.stop();
    assert.ok(stored, 'stop() returned before the job was stored as finished');
    assert.equal((await run.done).status, 'cancelled');
    assert.equal(s.store.jobs.running('default'), undefined);
    await s.training.stop(); // nothing runs: returns at once
  });

  it('a cancel once the model is published is refused, and the job succeeds', async () => {
    const refused: boolean[] = [];
    const subscription = s.bus.subscribe('model.published', ({ jobId }) =>
      refused.push(s.training.cancel(jobId)),
    );
    const job = await s.training.start(admin).done;
    subscription.unsubscribe();
    assert.deepEqual(refused, [false]);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    assert.equal(s.store.models.latest()?.version, 'v0002');
  });

  it('a PACS that is gone before the new frames are fetched fails the job; latest stays v0002', async () => {
    await uploadPart10(orthanc, discStudy(24).slice(20));
    assert.equal((await s.pool.register()).registered, 4);
    for (const i of range(20, 24)) label(s.store, alice, i); // never scored, so never embedded
    await orthanc.stop();
    const job = await s.training.start(admin).done;
    assert.equal(job.status, 'failed');
    assert.match(job.error ?? '', /^PacsUnreachableError: /);
    assert.equal(s.store.models.latest()?.version, 'v0002');
    assert.deepEqual(published, ['v0001', 'v0002']);
    assert.deepEqual(readdirSync(join(s.registryDir, 'versions')).sort(), ['v0001', 'v0002']);
    assert.equal(s.store.jobs.running('default'), undefined);
  });
});
