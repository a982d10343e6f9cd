import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../../../trainer-server/src/store/errors.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { admin, openTempStore } from './support.js';

describe('JobStore', () => {
  it('runs one job per project at a time and records its progress and end', () => {
    const { store, clock } = openTempStore();
    const job = store.jobs.start('chest', admin);
    assert.deepEqual(
      { status: job.status, progress: job.progress, finishedAt: job.finishedAt },
      { status: 'running', progress: 0, finishedAt: null },
    );
    assert.throws(() => store.jobs.start('chest', admin), /already has a running training job/);
    assert.equal(store.jobs.start('knee', admin).project, 'knee'); // other projects are independent
    assert.equal(store.jobs.progress(job.id, 0.5, 'epoch 5/10').message, 'epoch 5/10');
    assert.equal(store.jobs.progress(job.id, 0.6).message, 'epoch 5/10');
    assert.throws(() => store.jobs.progress(job.id, 1.5), RangeError);
    clock.advance(30_000);
    const done = store.jobs.finish(job.id, { status: 'succeeded' }, admin);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.finishedAt?.getTime(), clock.ms);
    assert.throws(() => store.jobs.finish(job.id, { status: 'failed', error: 'late' }, admin), ConflictError);
    assert.throws(() => store.jobs.progress(job.id, 0.7), ConflictError);
    assert.throws(() => store.jobs.progress(99, 0.7), NotFoundError);
    assert.equal(store.jobs.running('chest'), undefined);
    const next = store.jobs.start('chest', admin);
    assert.deepEqual(
      store.jobs.list('chest').map((j) => [j.id, j.status]),
      [
        [next.id, 'running'],
        [job.id, 'succeeded'],
      ],
    );
    assert.deepEqual(
      store.audit.list({ subject: `job:${job.id}` }).map((e) => e.action),
      ['job.start', 'job.finish'],
    );
  });

  it('records who cancelled a job', () => {
    const { store } = openTempStore();
    const job = store.jobs.start('chest', admin);
    const cancelled = store.jobs.finish(job.id, { status: 'cancelled' }, { name: 'boss', role: 'admin' });
    assert.equal(cancelled.status, 'cancelled');
    assert.deepEqual(
      store.audit.list({ action: 'job.finish' }).map((e) => [e.actor, e.details]),
      [['boss', { project: 'chest', status: 'cancelled', error: null }]],
    );
  });

  it('needs an error to fail a job', () => {
    const { store } = openTempStore();
    const job = store.jobs.start('chest', admin);
    assert.throws(() => store.jobs.finish(job.id, { status: 'failed' }, admin), RangeError);
    assert.equal(
      store.jobs.finish(job.id, { status: 'failed', error: 'out of memory' }, admin).error,
      'out of memory',
    );
  });

  it('marks a job left running by a crashed process as failed when the file is opened again', () => {
    const { store, file, clock } = openTempStore();
    const job = store.jobs.start('chest', admin);
    store.jobs.progress(job.id, 0.3);
    store.close(); // the process "dies" without finishing the job
    clock.advance(60_000);
    const reopened = openSqliteStore(file, { clock: clock.now });
    try {
      const failed = reopened.jobs.get(job.id);
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.error ?? '', /interrupted/);
      assert.equal(failed?.finishedAt?.getTime(), clock.ms);
      assert.equal(reopened.jobs.running('chest'), undefined);
      assert.deepEqual(reopened.audit.list({ action: 'job.interrupted' })[0]?.details, {
        project: 'chest',
        progress: 0.3,
      });
      assert.equal(reopened.jobs.start('chest', admin).status, 'running');
    } finally {
      reopened.close();
    }
  });
});
