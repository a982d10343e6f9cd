// The services end to end on real parts: Orthanc serving disc studies made in code, a SQLite store in a temp
// folder, the real embedder, continual learner, ONNX export and registry, and onnxruntime-node.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { ModelCardSchema } from '@aift/contract';
import { toModelInput } from '@aift/selection-core';
import { DicomWebImageSource } from '../../../trainer-server/src/pacs/DicomWebImageSource.js';
import type { ServiceEvents } from '../../../trainer-server/src/services/EventBus.js';
import { ConflictError } from '../../../trainer-server/src/store/errors.js';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import {
  admin,
  alice,
  bob,
  buildServices,
  classOf,
  CLASSES,
  discStudy,
  idOf,
  label,
  sopOf,
} from './support.js';
import type { Services } from './support.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('pool, training, scoring and worklist services', () => {
  let orthanc: RunningOrthanc;
  let s: Services;
  const events: { [E in keyof ServiceEvents]: ServiceEvents[E][] } = {
    'training.progress': [],
    'model.published': [],
    'worklist.changed': [],
  };

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    s = await buildServices(orthanc);
    for (const name of Object.keys(events) as (keyof ServiceEvents)[]) {
      s.bus.subscribe(name, (payload) => (events[name] as unknown[]).push(payload));
    }
  });
  after(async () => {
    await (s as Services | undefined)?.close();
    await (orthanc as RunningOrthanc | undefined)?.stop();
  });

  it('registers the PACS pool with 1-based frames, and registering again adds nothing', async () => {
    assert.deepEqual(await s.pool.register({ studyInstanceUid: '2.25.500' }), {
      listed: 24,
      registered: 24,
      alreadyKnown: 0,
    });
    assert.deepEqual(await s.pool.register(), { listed: 24, registered: 0, alreadyKnown: 24 });
    assert.equal(s.store.candidates.count(), 24);
    assert.equal(s.store.candidates.get(idOf(0))?.sopInstanceUid, sopOf(0));
    assert.equal(s.store.candidates.get(idOf(0))?.frame, 1);
  });

  it('serves an empty worklist while no model is published (no cold start run here)', () => {
    assert.deepEqual(s.worklist.next('alice', 3).leases, []);
  });

  it('maybeTrain waits for N new labels, then publishes v0001 with a card, an ONNX file and scores', async () => {
    for (const i of range(0, 10)) label(s.store, alice, i);
    assert.equal(s.training.newLabelCount(), 10);
    assert.equal(s.training.maybeTrain(admin), null, 'started below minNewLabels = 12');
    for (const i of range(6, 16)) label(s.store, bob, i); // 6..9 doubly labeled, in agreement
    const run = s.training.maybeTrain(admin);
    assert.ok(run, 'did not start at 16 new labels');
    const job = await run.done;
    assert.equal(job.status, 'succeeded', job.error ?? '');
    assert.equal(job.progress, 1);
    assert.equal(s.store.models.latest()?.version, 'v0001');
    assert.equal(s.training.newLabelCount(), 0);

    const steps = events['training.progress'].map((e) => e.step);
    assert.deepEqual(
      [...new Set(steps)],
      ['labels', 'embeddings', 'fine-tune', 'publish', 'scoring', 'done', 'finished'],
    );
    assert.equal(events['training.progress'].at(-1)?.job.status, 'succeeded', 'the end is announced');
    assert.deepEqual(
      events['model.published'].map((e) => [e.version, e.parent, e.jobId]),
      [['v0001', null, job.id]],
    );
    assert.deepEqual(events['worklist.changed'], [{ modelVersion: 'v0001', scored: 8 }]);

    const dir = join(s.registryDir, 'versions', 'v0001');
    // The card the trainer writes fits the contract the viewer reads it by.
    const card = ModelCardSchema.parse(JSON.parse(readFileSync(join(dir, 'model-card.json'), 'utf8')));
    assert.deepEqual(s.store.models.get('v0001')?.modelCard, card);
    assert.equal(card.parentVersion, null);
    assert.deepEqual(card.classes, CLASSES);
    assert.equal(card.augmentationPlan.transforms.length, 4);
    assert.equal(card.backbone.version, 'tiny-seed-3');
    assert.equal(card.training.continualStrategy, 'LQ');
    assert.equal(card.training.round, 1);
    assert.equal(typeof card.training.backend, 'string');
    // No label is held out: only audit cases measure a model, and none was drawn before the first scores.
    assert.deepEqual(card.training.labeledPerClass, [8, 8]);
    assert.deepEqual(card.training.trainingSet, { hard: 0, new: 16, previous: 0 });
    assert.equal(card.metrics, null);
    assert.equal(card.metricsUnavailable, '0 audit labels so far; a metric needs 3');

    // The published ONNX runs in onnxruntime-node and tells the unlabeled discs apart.
    const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
    const source = new DicomWebImageSource({ url: orthanc.dicomWebRoot });
    let agree = 0;
    for (const i of range(16, 24)) {
      const { plane } = await source.fetchFrame({
        studyInstanceUid: '2.25.500',
        seriesInstanceUid: '2.25.500.1',
        sopInstanceUid: sopOf(i),
        frame: 1,
      });
      const image = toModelInput(plane, { size: 16, channels: 3, fit: 'letterbox' });
      const out = await session.run({ image: new ort.Tensor('float32', image.data, [1, 16, 16, 3]) });
      const [pBright, pDark] = out['probabilities']!.data as Float32Array;
      assert.ok(Math.abs(pBright! + pDark! - 1) < 1e-5);
      const score = s.store.scores.get('v0001', idOf(i));
      assert.ok(score, `disc ${i} was not scored`);
      assert.ok(score.worthiness >= 0 && score.probability >= 0.5 && score.probability <= 1);
      if ((pBright! > pDark! ? 'bright' : 'dark') === classOf(i) && score.predictedClass === classOf(i))
        agree++;
    }
    await session.release();
    assert.ok(agree >= 7, `ONNX and stored scores right on ${agree} of 8 unlabeled discs`);
    assert.equal(s.store.scores.count('v0001'), 8, 'labeled candidates were scored');
    assert.equal(s.store.scores.get('v0001', idOf(0)), undefined);
  });

  it('leases different worthy candidates to two annotators, and releases them', () => {
    const forAlice = s.worklist.next('alice', 3).leases;
    const forBob = s.worklist.next('bob', 3).leases;
    assert.equal(forAlice.length, 3);
    assert.equal(forBob.length, 3);
    const unlabeled = new Set(range(16, 24).map(idOf));
    for (const lease of [...forAlice, ...forBob]) assert.ok(unlabeled.has(lease.candidateId));
    const aliceIds = new Set(forAlice.map((l) => l.candidateId));
    assert.ok(
      forBob.every((l) => !aliceIds.has(l.candidateId)),
      'a candidate was leased to both',
    );
    assert.equal(s.worklist.active('alice').length, 3, 'omega > 1 left extra leases behind');
    assert.equal(s.worklist.release('alice', [...aliceIds]), 3);
    assert.equal(s.worklist.active('alice').length, 0);
  });

  it('draws audit cases uniformly from the unlabeled, unleased pool, once each', () => {
    s.worklist.release(
      'bob',
      s.worklist.active('bob').map((l) => l.candidateId),
    );
    // Two of each class among discs 16..23, whatever order the candidate ids put them in.
    const wanted = [16, 17, 18, 19].map(idOf);
    for (const id of wanted) {
      const eligible = range(16, 24)
        .map(idOf)
        .filter((c) => !s.store.auditSample.has(c))
        .sort();
      const lease = s.store.auditSample.drawAndLease('carol', 60_000, 1, (count) => {
        assert.equal(count, eligible.length, 'the draw is over every unlabeled, unleased, undrawn case');
        return eligible.indexOf(id);
      });
      assert.equal(lease?.candidateId, id);
      assert.equal(lease.annotator, 'carol');
    }
    assert.equal(s.store.auditSample.count(), 4);
    assert.deepEqual(
      s.store.auditSample.list().map((m) => m.candidateId),
      wanted,
    );
    assert.equal(s.store.auditSample.list()[0]?.rankingVersion, 'v0001');
    assert.equal(s.worklist.active('carol').length, 4, 'an audit case is leased like any other');
  });

  it('refuses a second start while a job runs, then continues from the current model', async () => {
    for (const i of range(16, 22)) label(s.store, alice, i);
    assert.equal(s.training.newLabelCount(), 2, 'audit labels never count towards the trigger');
    const run = s.training.start(admin);
    assert.throws(() => s.training.start(admin), ConflictError);
    assert.equal(s.training.maybeTrain(admin), null);
    const job = await run.done;
    assert.equal(job.status, 'succeeded', job.error ?? '');
    assert.equal(s.store.models.latest()?.version, 'v0002');
    const card = ModelCardSchema.parse(s.store.models.get('v0002')?.modelCard);
    assert.equal(card.parentVersion, 'v0001');
    assert.equal(card.training.round, 2);
    assert.deepEqual(
      card.scoring,
      { strategy: 'aift', alpha: 0.25, seed: 0 },
      'the rule the viewer must apply',
    );
    assert.equal(card.coldStart, null, 'a trained version ranks by the rule, not by the cold start');
    assert.equal(card.training.trainingSet.new, 2, 'discs 16..19 are audit cases: only 20 and 21 train');
    assert.ok(card.metrics, card.metricsUnavailable ?? '');
    assert.equal(card.metrics.split, 'audit');
    assert.equal(card.metrics.images, 4);
    assert.deepEqual(card.metrics.perClass, [2, 2]);
    assert.equal(card.metricsUnavailable, null);
    const { auc, accuracy, recall } = card.metrics.intervals;
    for (const [value, interval] of [
      [card.metrics.auc, auc],
      [card.metrics.accuracy, accuracy],
      [card.metrics.recall[0]!, recall[0]!],
      [card.metrics.recall[1]!, recall[1]!],
    ] as const) {
      assert.ok(interval.low <= value && value <= interval.high, `${value} outside its interval`);
    }
    assert.ok(card.metrics.accuracy >= 3 / 4, `audited accuracy ${card.metrics.accuracy}`);
    assert.equal(s.store.scores.count('v0002'), 2);
    assert.ok(existsSync(join(s.registryDir, 'versions', 'v0002', 'model.onnx')));
  });

  it('fails a job that has no new training label, and publishes nothing', async () => {
    const job = await s.training.start(admin).done;
    assert.equal(job.status, 'failed');
    assert.equal(
      job.error,
      'RangeError: no new training labels (18 already trained on, 4 audit labels, which never train)',
    );
    assert.equal(s.store.models.latest()?.version, 'v0002');
  });

  it('counts new labels from those the latest model was trained from, across a restart', async () => {
    // Discs 22 and 23 are the last unlabeled ones (16..19 are audit cases, which never count).
    label(s.store, alice, 22);
    assert.equal(s.training.newLabelCount(), 1);
    s = await s.reopen();
    assert.equal(s.store.models.latest()?.version, 'v0002');
    assert.equal(s.training.newLabelCount(), 1, 'the count started again after the restart');
    label(s.store, alice, 23);
    assert.equal(s.training.newLabelCount(), 2);
    assert.equal(s.training.maybeTrain(admin), null, 'the first label after the restart started a job');
    s.store.consensus.adjudicate(idOf(0), classOf(1), admin, 'a changed consensus counts as new');
    assert.equal(s.training.newLabelCount(), 3);
    s.store.consensus.adjudicate(idOf(16), classOf(17), admin, 'an audit case changed');
    assert.equal(s.training.newLabelCount(), 3, 'a changed audit case counted towards training');
  });
});
