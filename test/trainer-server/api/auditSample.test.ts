// The blind random audit over real HTTP: audit cases come through GET /api/worklist like any other case, their
// labels are stored, exported and counted like any other, never train a model, and measure every version
// (GET /api/progress's learning curve, each card's metrics with their intervals).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  LabelExportRowSchema,
  ModelListSchema,
  ProgressSchema,
  TrainingStatusSchema,
  WorklistSchema,
} from '../../../trainer-server/src/api/schemas/index.js';
import type { WorklistItemDto } from '../../../trainer-server/src/api/schemas/index.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { auditUnit } from '../../../trainer-server/src/store/auditUnit.js';
import { classOf, discIdOf, discStudy, studyOf } from '../services/support.js';
import { call, startServer } from './support.js';
import type { CallOptions, RunningServer } from './support.js';

// One study per disc: the audit reserves whole studies, a RATE share of them.
const DISCS = 100;
const RATE = 0.5;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const discId = (i: number) => discIdOf(i, DISCS);
const indexOf = (candidateId: string) => range(0, DISCS).find((i) => discId(i) === candidateId)!;
const isReserved = (candidateId: string) => auditUnit(studyOf(indexOf(candidateId), DISCS)) < RATE;

describe('the blind random audit over HTTP', () => {
  let orthanc: RunningOrthanc;
  let s: RunningServer;
  let admin: string;
  let alice: string;
  let keys = 0;
  const api = (method: string, path: string, options?: CallOptions) => call(s.url, method, path, options);
  const label = (token: string, candidateId: string) =>
    api('POST', '/api/labels', {
      token,
      body: { candidateId, value: classOf(indexOf(candidateId)), idempotencyKey: `k${++keys}` },
    });
  const train = async () => {
    assert.equal((await api('POST', '/api/training', { token: admin })).status, 202);
    for (let tries = 0; tries < 600; tries++) {
      const { job } = (await api('GET', '/api/training', { token: admin })).as(TrainingStatusSchema);
      if (job && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('training did not finish');
  };
  const progress = async (token: string) => (await api('GET', '/api/progress', { token })).as(ProgressSchema);

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(DISCS, DISCS));
    s = await startServer(orthanc, {
      selection: { audit: { rate: RATE, warmupCases: 10, warmupRate: 0.5 } },
    });
    admin = s.token('admin', 'admin');
    alice = s.token('alice', 'annotator');
    assert.equal((await api('POST', '/api/pool', { token: admin, body: {} })).status, 200);
  });
  after(async () => {
    await s?.stop();
    await orthanc?.stop();
  });

  it('measures nothing before audit labels exist, and says why', async () => {
    assert.deepEqual(
      (await progress(alice)).labelsSaved.statement,
      'Labels saved vs random: not yet measurable (no model yet).',
    );
    assert.ok(
      range(12, DISCS).map(discId).filter(isReserved).length >= 8,
      'too few reserved studies to test',
    );
    for (const i of range(0, 12)) assert.equal((await label(admin, discId(i))).status, 201);
    const job = await train();
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const { learningCurve, audit, inQueue, readsPerCase } = await progress(alice);
    assert.equal(readsPerCase, 1, 'single reading by default');
    assert.equal(inQueue, DISCS - 12);
    assert.deepEqual(audit, { drawn: 0, labeled: 0 });
    assert.equal(
      (await progress(alice)).labelsSaved.statement,
      'Labels saved vs random: not yet measurable (no audited metric yet: 0 audit labels so far; a metric needs 3).',
    );
    assert.equal(learningCurve.length, 1);
    assert.deepEqual(
      { ...learningCurve[0], createdAt: undefined },
      {
        version: 'v0001',
        createdAt: undefined,
        trainingLabels: 12,
        coldStart: false,
        metrics: null,
        metricsUnavailable: '0 audit labels so far; a metric needs 3',
        labelsSaved: null,
      },
    );
  });

  it('serves audit cases in replies a reader cannot tell apart, and keeps them out of training', async () => {
    const served: WorklistItemDto[] = [];
    while ((await progress(admin)).audit.labeled < 24) {
      const reply = await api('GET', '/api/worklist?n=4', { token: alice });
      assert.ok(!/audit/i.test(reply.text), 'a worklist reply mentions the audit');
      const { items } = reply.as(WorklistSchema);
      assert.ok(items.length > 0, 'the worklist ran dry before 24 audit labels');
      const shown = items.map((item) => item.worthiness);
      assert.deepEqual(
        shown,
        [...shown].sort((a, b) => b - a),
        'the batch is not sorted by worthiness',
      );
      for (const item of items) {
        served.push(item);
        assert.equal((await label(alice, item.candidateId)).status, 201);
      }
    }
    const isAudit = (item: WorklistItemDto) => s.server.store.auditSample.has(item.candidateId);
    const audit = served.filter(isAudit);
    const worklist = served.filter((item) => !isAudit(item));
    assert.ok(audit.length >= 24 && worklist.length > 0, `${audit.length} audit of ${served.length} served`);
    assert.ok(
      audit.every((item) => isReserved(item.candidateId)),
      'an audit case outside the reserved studies',
    );
    assert.ok(!worklist.some((item) => isReserved(item.candidateId)), 'the ranking served a reserved study');
    const shape = (item: WorklistItemDto) =>
      Object.entries(item)
        .map(([key, value]) => `${key}:${value === null ? 'null' : typeof value}`)
        .sort()
        .join(' ');
    assert.deepEqual(new Set(audit.map(shape)), new Set(worklist.map(shape)), 'audit items look different');

    const job = await train();
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const { learningCurve, audit: sample } = await progress(alice);
    assert.equal(sample.labeled, audit.length);
    const v2 = learningCurve.find((point) => point.version === 'v0002');
    assert.ok(v2, 'no v0002 on the learning curve');
    assert.equal(v2.trainingLabels, 12 + worklist.length, 'an audit label trained the model');
    assert.ok(v2.metrics, v2.metricsUnavailable ?? '');
    assert.equal(v2.metrics.images, audit.length);
    assert.deepEqual(
      v2.metrics.perClass,
      ['bright', 'dark'].map((c) => audit.filter((item) => classOf(indexOf(item.candidateId)) === c).length),
    );
    const { auc, accuracy } = v2.metrics.intervals;
    assert.ok(auc.low <= v2.metrics.auc && v2.metrics.auc <= auc.high);
    assert.ok(accuracy.low <= v2.metrics.accuracy && v2.metrics.accuracy <= accuracy.high);
    assert.match(v2.metrics.intervalMethod, /bootstrap/);

    // Random labeling replayed on the audit sample gives the estimate the card and progress carry.
    // The discs are trivially told apart: heads on the first handful of random audit labels already reach
    // the model's AUC, so the selection (which used more) saves nothing, and the product says so.
    const { labelsSaved } = await progress(alice);
    assert.deepEqual(v2.labelsSaved, labelsSaved);
    assert.equal(labelsSaved.status, 'not-saving', labelsSaved.statement);
    assert.equal(labelsSaved.auditLabels, audit.length);
    assert.equal(labelsSaved.usedLabels, v2.trainingLabels);
    assert.ok(labelsSaved.saved!.high! < 0);
    assert.match(labelsSaved.statement, /^The selection is not saving labels/);

    // The same figures on the model list and the card: one measurement, shown everywhere.
    const listed = (await api('GET', '/api/models', { token: alice })).as(ModelListSchema);
    assert.equal(listed.versions.find((v) => v.version === 'v0002')?.metrics['auc'], v2.metrics.auc);
    // Audit labels are labels like any other in the export.
    const rows = (await api('GET', '/api/labels/export?format=json', { token: admin })).as(
      LabelExportRowSchema.array(),
    );
    for (const item of audit) assert.ok(rows.some((row) => row.candidateId === item.candidateId));
  });
});
