// What the viewer needs to show one true number per case, over real HTTP against Orthanc: the worklist
// names what orders it (a cold start's pick order with its method, then worthiness) and is sorted by it, and
// GET /api/candidates answers for any frame by its UIDs, so a case opened outside the worklist can be labeled.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { CandidateLookupSchema, WorklistSchema } from '../../../trainer-server/src/api/schemas/index.js';
import { classOf, discStudy, idOf, sopOf } from '../services/support.js';
import { call, startServer, waitForIdleTraining } from './support.js';
import type { RunningServer } from './support.js';

const STUDY = '2.25.500';
const frameOf = (i: number) => ({
  studyInstanceUid: STUDY,
  seriesInstanceUid: `${STUDY}.1`,
  sopInstanceUid: sopOf(i),
  frame: '1',
});
const COUNT = 12;

describe('case ranking and candidate lookup', () => {
  let orthanc: RunningOrthanc;
  let s: RunningServer;
  let admin: string;
  let alice: string;
  let bob: string;
  const api = (method: string, path: string, token: string, body?: unknown) =>
    call(s.url, method, path, { token, ...(body === undefined ? {} : { body }) });
  const lookup = (token: string, frame: Record<string, string>) =>
    api('GET', `/api/candidates?${new URLSearchParams(frame).toString()}`, token);

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(COUNT));
    s = await startServer(orthanc);
    admin = s.token('admin', 'admin');
    alice = s.token('alice', 'annotator');
    bob = s.token('bob', 'annotator');
    assert.equal((await api('POST', '/api/pool', admin, {})).status, 200);
    assert.equal((await api('POST', '/api/training/cold-start', admin)).status, 202);
    await waitForIdleTraining(s.url, admin);
  });
  after(async () => {
    await s?.stop();
    await orthanc?.stop();
  });

  it('ranks the cold start by pick order, names its method, and sorts the list by it', async () => {
    // Alice holds two leases first: leaseNext answers held cases before new ones, whatever their rank.
    await api('GET', '/api/worklist?n=2', alice);
    const reply = (await api('GET', '/api/worklist?n=6', alice)).as(WorklistSchema);
    assert.equal(reply.modelVersion, 'v0001');
    assert.deepEqual(reply.ranking, { by: 'coldStart', method: 'robust-kcenter', picks: COUNT });
    // ACFT's random extension (omega) may skip picks; what is shown is still in order.
    const picks = reply.items.map((item) => item.pick!);
    assert.equal(picks.length, 6);
    assert.deepEqual(
      picks,
      [...new Set(picks)].sort((a, b) => a - b),
    );
    for (const item of reply.items) assert.equal(item.worthiness, (COUNT - item.pick! + 1) / COUNT);
  });

  it('answers the candidate of any frame by its UIDs, with the ranking and its own lease', async () => {
    const leased = (await api('GET', '/api/worklist?n=6', alice)).as(WorklistSchema).items[2]!;
    const i = Number(leased.sopInstanceUid.split('.').pop()) - 1;
    const forAlice = (await lookup(alice, frameOf(i))).as(CandidateLookupSchema);
    assert.equal(forAlice.modelVersion, 'v0001');
    assert.equal(forAlice.yourAnswer, null);
    assert.equal(forAlice.ranking?.by, 'coldStart');
    assert.deepEqual(forAlice.candidate, { ...leased, leaseExpiresAt: forAlice.candidate.leaseExpiresAt });
    assert.equal(forAlice.candidate.leaseExpiresAt, leased.leaseExpiresAt);
    // Bob may label it too (it is on his screen), but it is not his lease.
    const forBob = (await lookup(bob, frameOf(i))).as(CandidateLookupSchema);
    assert.equal(forBob.candidate.candidateId, idOf(i));
    assert.equal(forBob.candidate.leaseExpiresAt, null);
    assert.equal(forBob.candidate.pick, leased.pick);
  });

  it('says 404 for a frame that is not a candidate and 400 naming a bad field', async () => {
    const none = await lookup(alice, { ...frameOf(0), sopInstanceUid: '2.25.999' });
    assert.equal(none.status, 404);
    assert.match(none.message, /not a registered candidate/);
    assert.equal((await lookup(alice, { ...frameOf(0), frame: '2' })).status, 404);
    const bad = await lookup(alice, { ...frameOf(0), sopInstanceUid: 'x' });
    assert.equal(bad.status, 400);
    assert.match(bad.message, /query\.sopInstanceUid/);
    assert.equal(
      (await call(s.url, 'GET', `/api/candidates?${new URLSearchParams(frameOf(0)).toString()}`)).status,
      401,
    );
  });

  it('after training ranks by worthiness, sorted, and a labeled case has no score to show', async () => {
    for (let i = 0; i < 8; i++) {
      const label = { candidateId: idOf(i), value: classOf(i), idempotencyKey: `k-${i}` };
      assert.equal((await api('POST', '/api/labels', admin, label)).status, 201);
    }
    assert.equal((await api('POST', '/api/training', admin)).status, 202);
    await waitForIdleTraining(s.url, admin);
    const reply = (await api('GET', '/api/worklist?n=4', bob)).as(WorklistSchema);
    assert.equal(reply.modelVersion, 'v0002');
    assert.deepEqual(reply.ranking, { by: 'worthiness' });
    const shown = reply.items.map((item) => item.worthiness);
    assert.deepEqual(
      shown,
      [...shown].sort((a, b) => b - a),
    );
    assert.ok(reply.items.every((item) => item.pick === null));
    const labeled = (await lookup(bob, frameOf(0))).as(CandidateLookupSchema);
    assert.equal(labeled.candidate.worthiness, null);
    assert.equal(labeled.ranking?.by, 'worthiness');
    // Each caller sees their own answer only: the admin labeled it, bob did not.
    assert.equal(labeled.yourAnswer, null);
    assert.equal((await lookup(admin, frameOf(0))).as(CandidateLookupSchema).yourAnswer, classOf(0));
  });
});
