// Issue 8, load at CI size: 5 simulated annotators label a pool of 60 through the HTTP API at once, each
// case read three times (project.readsPerCase, so that consensus has majorities and ties to get right),
// while the server trains on its own trigger (every 10 new consensus labels) and re-scores the worklist
// they lease from. Afterwards: every acknowledged label stored exactly once, no candidate leased to two
// annotators at once, the consensus view equal to the raw labels, and no 5xx. The full sizes (N = 1, 10,
// 50) are bench/annotatorLoad.bench.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { call, startServer, waitForIdleTraining } from '../trainer-server/api/support.js';
import type { RunningServer } from '../trainer-server/api/support.js';
import { CLASSES, classOf, discStudy, idOf } from '../trainer-server/services/support.js';
import { runAnnotatorLoad } from './annotatorLoad.js';
import type { LoadRun } from './annotatorLoad.js';
import { checkAnnotatorLoad } from './annotatorLoadChecks.js';
import type { Finding } from './annotatorLoadChecks.js';

const POOL = 60;
const ANNOTATORS = 5;

describe('5 annotators labeling through the API while the server trains', () => {
  let orthanc: RunningOrthanc;
  let s: RunningServer;
  let run: LoadRun;
  let findings: Finding[];

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(POOL));
    s = await startServer(orthanc, {
      training: { trigger: 'every', consensusLabels: 10 },
      project: { readsPerCase: 3 },
    });
    const admin = s.token('admin', 'admin');
    assert.equal((await call(s.url, 'POST', '/api/pool', { token: admin, body: {} })).status, 200);
    assert.equal((await call(s.url, 'POST', '/api/training/cold-start', { token: admin })).status, 202);
    await waitForIdleTraining(s.url, admin);
    const truth = new Map(Array.from({ length: POOL }, (_, i) => [idOf(i), classOf(i)]));
    run = await runAnnotatorLoad({
      url: s.url,
      annotators: Array.from({ length: ANNOTATORS }, (_, a) => {
        const name = `annotator-${a}`;
        return { name, token: s.token(name, 'annotator') };
      }),
      adminToken: admin,
      truthOf: (id) => truth.get(id) ?? 'unknown',
      classes: CLASSES,
      durationMs: 40_000,
      thinkMs: 20,
      // An annotator gets through only a few batches of a pool this small: give a case back often enough.
      releaseEvery: 3,
    });
    await waitForIdleTraining(s.url, admin);
    findings = await checkAnnotatorLoad(run, {
      url: s.url,
      adminToken: admin,
      sqliteFile: join(s.dataDir, 'aift.sqlite'),
    });
  });
  after(async () => {
    await s?.stop();
    await orthanc?.stop();
  });

  it('labels the whole pool with a model published meanwhile, and no request fails', (t) => {
    t.diagnostic(
      `${run.requests.length} requests in ${run.seconds.toFixed(1)} s, ${run.modelsPublished} models published`,
    );
    assert.equal(run.finishedPool, ANNOTATORS, 'every annotator ran out of cases before the time limit');
    assert.ok(run.modelsPublished >= 1, `models published during the run: ${run.modelsPublished}`);
    assert.ok(
      run.labels.some((l) => l.status === 200),
      'some retries were answered as replays',
    );
    assert.ok(
      run.episodes.some((e) => e.end.how === 'released'),
      'some cases were given back',
    );
    const failed = run.requests.filter((r) => r.status >= 500 || r.status === 0);
    assert.deepEqual(failed, [], 'no 5xx and no failed connection');
    assert.deepEqual(
      run.requests.filter((r) => r.status >= 400),
      [],
      'no request refused',
    );
  });

  for (const check of [
    'every acknowledged label stored exactly once',
    'no candidate leased to two annotators at once',
    'the consensus view matches the raw labels',
  ]) {
    it(check, (t) => {
      const found = findings.find((f) => f.check === check);
      assert.ok(found, `no finding "${check}"`);
      t.diagnostic(found.summary);
      assert.deepEqual(found.problems, [], found.summary);
      assert.ok(found.ok, found.summary);
    });
  }
});
