// training.trigger = every N: the label that brings the N-th new consensus label starts a job on its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TrainingStatusSchema } from '../../../trainer-server/src/api/schemas/index.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { classOf, discStudy, idOf } from '../services/support.js';
import { call, startServer } from './support.js';
import type { RunningServer } from './support.js';

describe('POST /api/labels with training.trigger = every 6', () => {
  let orthanc: RunningOrthanc;
  let s: RunningServer;
  let alice: string;
  const status = async () =>
    (await call(s.url, 'GET', '/api/training', { token: alice })).as(TrainingStatusSchema);
  const label = (i: number) =>
    call(s.url, 'POST', '/api/labels', {
      token: alice,
      body: { candidateId: idOf(i), value: classOf(i), idempotencyKey: `a-${i}` },
    });

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(12));
    s = await startServer(orthanc, { training: { trigger: 'every', consensusLabels: 6 } });
    alice = s.token('alice', 'annotator');
    await call(s.url, 'POST', '/api/pool', { token: s.token('admin', 'admin'), body: {} });
  });
  after(async () => {
    for (let tries = 0; s?.server.store.jobs.running('default') && tries < 600; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await s?.stop();
    await orthanc?.stop();
  });

  it('starts a job, started by the annotator, at the sixth label and not before', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await label(i)).status, 201);
    assert.deepEqual(await status(), { job: null, newLabels: 5 });
    assert.equal((await label(5)).status, 201);
    const { job } = await status();
    assert.equal(job?.startedBy, 'alice');
    assert.equal((await label(0)).status, 200, 'a replay');
  });
});
