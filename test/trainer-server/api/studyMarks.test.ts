// GET /api/study-marks over real HTTP against Orthanc: what a study list marks per study for one reader
// (their own answers, what they and others hold, the place of the study's most worthy unlabeled frame).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { StudyMarksSchema, WorklistSchema } from '../../../trainer-server/src/api/schemas/index.js';
import { discStudy, studyOf } from '../services/support.js';
import { call, startServer, waitForIdleTraining } from './support.js';
import type { RunningServer } from './support.js';

const COUNT = 12;
const STUDIES = 4;

describe('GET /api/study-marks', () => {
  let orthanc: RunningOrthanc;
  let s: RunningServer;
  let admin: string;
  let alice: string;
  let bob: string;
  const marks = async (token: string, uids: readonly string[]) =>
    (await call(s.url, 'GET', `/api/study-marks?studyInstanceUids=${uids.join(',')}`, { token })).as(
      StudyMarksSchema,
    );
  const allStudies = Array.from({ length: STUDIES }, (_, i) => studyOf(i, STUDIES));

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(COUNT, STUDIES));
    s = await startServer(orthanc);
    admin = s.token('admin', 'admin');
    alice = s.token('alice', 'annotator');
    bob = s.token('bob', 'annotator');
    assert.equal((await call(s.url, 'POST', '/api/pool', { token: admin, body: {} })).status, 200);
    assert.equal((await call(s.url, 'POST', '/api/training/cold-start', { token: admin })).status, 202);
    await waitForIdleTraining(s.url, admin);
  });
  after(async () => {
    await s?.stop();
    await orthanc?.stop();
  });

  it("marks the reader's own answers and holds, others' holds, and the worthiest frame's place", async () => {
    const held = (await call(s.url, 'GET', '/api/worklist?n=2', { token: alice })).as(WorklistSchema).items;
    const [labeled, kept] = held as [(typeof held)[0], (typeof held)[0]];
    const stored = await call(s.url, 'POST', '/api/labels', {
      token: alice,
      body: { candidateId: labeled.candidateId, value: 'bright', idempotencyKey: 'marks-1' },
    });
    assert.equal(stored.status, 201);

    const forAlice = await marks(alice, allStudies);
    assert.equal(forAlice.modelVersion, 'v0001');
    assert.equal(forAlice.ranking?.by, 'coldStart');
    assert.equal(forAlice.ranked, COUNT);
    assert.deepEqual(
      forAlice.studies.map((m) => m.studyInstanceUid),
      allStudies,
      'one mark per study, in the order asked',
    );
    for (const m of forAlice.studies) assert.equal(m.candidates, COUNT / STUDIES);
    const markOf = (uid: string) => forAlice.studies.find((m) => m.studyInstanceUid === uid)!;
    assert.deepEqual(markOf(labeled.studyInstanceUid).labeledByYou, ['bright']);
    assert.equal(
      forAlice.studies.reduce((n, m) => n + m.heldByYou, 0),
      1,
      'the labeled case is no longer held',
    );
    assert.equal(markOf(kept.studyInstanceUid).heldByYou, 1);
    // The worthiest frame alice has not labeled: under a cold start, its pick, the same as the worklist's.
    const keptMark = markOf(kept.studyInstanceUid).worthiest!;
    assert.ok(keptMark.pick !== null && keptMark.pick <= kept.pick!);
    assert.equal(keptMark.rank, keptMark.pick);
    assert.notEqual(markOf(labeled.studyInstanceUid).worthiest?.candidateId, labeled.candidateId);

    // Bob sees alice's hold as someone else's, and none of her answers...
    const forBob = await marks(bob, allStudies);
    const bobsView = forBob.studies.find((m) => m.studyInstanceUid === kept.studyInstanceUid)!;
    assert.equal(bobsView.heldByOthers, 1);
    assert.equal(bobsView.heldByYou, 0);
    assert.ok(forBob.studies.every((m) => m.labeledByYou.length === 0));
    // ...only that another reader labeled one frame of that study.
    assert.equal(
      forBob.studies.find((m) => m.studyInstanceUid === labeled.studyInstanceUid)!.labeledByOthers,
      1,
    );
    assert.equal(markOf(labeled.studyInstanceUid).labeledByOthers, 0);
  });

  it('marks a study with no candidate as such, and names a bad field with 400', async () => {
    const none = await marks(alice, ['1.2.3.4']);
    assert.deepEqual(none.studies, [
      {
        studyInstanceUid: '1.2.3.4',
        candidates: 0,
        labeledByYou: [],
        labeledByOthers: 0,
        heldByYou: 0,
        heldByOthers: 0,
        worthiest: null,
      },
    ]);
    const bad = await call(s.url, 'GET', '/api/study-marks?studyInstanceUids=DOE^JANE', { token: alice });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /studyInstanceUids/);
    const missing = await call(s.url, 'GET', '/api/study-marks', { token: alice });
    assert.equal(missing.status, 400);
    assert.equal((await call(s.url, 'GET', '/api/study-marks?studyInstanceUids=1.2.3')).status, 401);
  });
});
