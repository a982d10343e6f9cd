// Scoring reads the pool from the store (CandidateStore.all), not from the PACS: every registered candidate
// short of its reads is scored, and one whose instance the PACS has since deleted is left out instead of
// failing the job. Real Orthanc, store and engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { admin, alice, buildServices, discStudy, idOf, label, sopOf } from './support.js';
import type { Services } from './support.js';

describe('scoring the registered pool', () => {
  let orthanc: RunningOrthanc;
  let s: Services;

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(10));
    s = await buildServices(orthanc);
    await s.pool.register();
  });
  after(async () => {
    await (s as Services | undefined)?.close();
    await (orthanc as RunningOrthanc | undefined)?.stop();
  });

  it('scores every unlabeled registered candidate, in registration order, but none the PACS deleted', async () => {
    label(s.store, alice, 0);
    const lookup = await fetch(`${orthanc.url}/tools/lookup`, { method: 'POST', body: sopOf(3) });
    const [{ ID }] = (await lookup.json()) as [{ ID: string }];
    assert.equal((await fetch(`${orthanc.url}/instances/${ID}`, { method: 'DELETE' })).status, 200);

    const registered = [...s.store.candidates.all(4)].map((c) => c.id);
    assert.equal(registered.length, 10, 'deleting from the PACS unregisters nothing');
    assert.deepEqual(
      s.scoring.unlabeled().map((c) => c.id),
      registered.filter((id) => id !== idOf(0)),
    );

    const job = await s.training.startColdStart(admin).done;
    assert.equal(job.status, 'succeeded', job.error ?? '');
    assert.equal(s.store.scores.count('v0001'), 8);
    assert.equal(s.store.scores.get('v0001', idOf(3)), undefined, 'the deleted instance is not scored');
    assert.equal(s.store.scores.get('v0001', idOf(0)), undefined, 'the labeled one is not scored');
    assert.ok(s.store.scores.get('v0001', idOf(4)));
  });
});
