// The whole HTTP API over real HTTP: Orthanc with synthetic disc studies, a SQLite store, the real engine
// with a tiny backbone, onnxruntime-node for the served model. One story, in order: register, label,
// train, publish, serve, worklist, events, export, adjudicate; bad input along the way changes nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { z } from 'zod';
import {
  ConsensusSchema,
  LabelExportRowSchema,
  ProgressSchema,
  LabelSchema,
  LatestModelSchema,
  LatestPointerSchema,
  ModelListSchema,
  PoolRegistrationSchema,
  ReleasedSchema,
  StrategyListSchema,
  TrainingJobSchema,
  TrainingStatusSchema,
  WorklistSchema,
} from '../../../trainer-server/src/api/schemas/index.js';
import { classOf, discStudy, idOf } from '../services/support.js';
import { call, listenToEvents, rawGet, startServer } from './support.js';
import type { CallOptions, RunningServer } from './support.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const JobReply = z.object({ job: TrainingJobSchema });
const OpenApiDoc = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const LabelBodyDoc = z.object({
  properties: z.object({ value: z.object({ enum: z.array(z.string()) }) }),
  required: z.array(z.string()),
});

describe('the trainer server HTTP API', () => {
  let orthanc: RunningOrthanc;
  let s: RunningServer;
  let admin: string;
  let alice: string;
  let bob: string;
  let sse: ReturnType<typeof listenToEvents>;
  const api = (method: string, path: string, options?: CallOptions) => call(s.url, method, path, options);
  /** What bad requests must leave untouched. */
  const stored = () => ({
    candidates: s.server.store.candidates.count(),
    labels: s.server.store.exports.allLabels().length,
    models: s.server.store.models.list().length,
    jobs: s.server.store.jobs.list('default').length,
  });
  const label = (token: string, i: number, key: string, value: string = classOf(i)) =>
    api('POST', '/api/labels', { token, body: { candidateId: idOf(i), value, idempotencyKey: key } });

  /** Polls GET /api/training until its job is no longer running. */
  const finishedTraining = async () => {
    let status = await api('GET', '/api/training', { token: alice });
    for (let tries = 0; status.as(TrainingStatusSchema).job?.status === 'running' && tries < 600; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await api('GET', '/api/training', { token: alice });
    }
    const { job, newLabels } = status.as(TrainingStatusSchema);
    assert.ok(job, 'no training job');
    return { job, newLabels };
  };

  before(async () => {
    orthanc = await startOrthanc();
    await uploadPart10(orthanc, discStudy(24));
    s = await startServer(orthanc);
    admin = s.token('admin', 'admin');
    alice = s.token('alice', 'annotator');
    bob = s.token('bob', 'annotator');
    sse = listenToEvents(s.url, alice);
  });
  after(async () => {
    await sse?.stop();
    await s?.stop();
    await orthanc?.stop();
  });

  it('refuses a missing or wrong token (401) and an annotator on an admin route (403)', async () => {
    const none = await api('POST', '/api/pool', { body: {} });
    assert.equal(none.status, 401);
    assert.match(none.message, /authentication required/);
    assert.equal((await api('GET', '/api/models', { token: 'not-a-token' })).status, 401);
    const forbidden = await api('POST', '/api/pool', { token: alice, body: {} });
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.message, /admin role/);
    assert.equal(s.server.store.candidates.count(), 0);
  });

  it('registers the PACS pool, and again adds nothing; bad filters name the field', async () => {
    const bad = await api('POST', '/api/pool', { token: admin, body: { limit: 'ten' } });
    assert.equal(bad.status, 400);
    assert.match(bad.message, /body\.limit/);
    const first = await api('POST', '/api/pool', { token: admin, body: { studyInstanceUid: '2.25.500' } });
    assert.equal(first.status, 200);
    assert.deepEqual(first.as(PoolRegistrationSchema), { listed: 24, registered: 24, alreadyKnown: 0 });
    const again = await api('POST', '/api/pool', { token: admin, body: {} });
    assert.deepEqual(again.as(PoolRegistrationSchema), { listed: 24, registered: 0, alreadyKnown: 24 });
  });

  it('serves an empty worklist before any model', async () => {
    const reply = await api('GET', '/api/worklist?n=3', { token: alice });
    assert.deepEqual(reply.as(WorklistSchema), { modelVersion: null, ranking: null, items: [] });
  });

  it('stores labels from two annotators; a retried POST is a 200 replay that stores nothing', async () => {
    for (const i of range(0, 10)) assert.equal((await label(alice, i, `a-${i}`)).status, 201);
    for (const i of range(6, 16)) assert.equal((await label(bob, i, `b-${i}`)).status, 201);
    const before = stored();
    const first = s.server.store.labels.forCandidate(idOf(0))[0]!;
    const retry = await label(alice, 0, 'a-0');
    assert.equal(retry.status, 200);
    assert.equal(retry.as(LabelSchema).id, first.id);
    assert.equal(retry.as(LabelSchema).annotator, 'alice');
    assert.deepEqual(stored(), before);
    assert.equal(before.labels, 20);
  });

  it('refuses bad labels with 4xx naming the field, and stores nothing', async () => {
    const before = stored();
    const cases: [CallOptions, number, RegExp][] = [
      [{ raw: '{"candidateId": ' }, 400, /not valid JSON/],
      [{ body: { candidateId: idOf(20), value: 5, idempotencyKey: 'x1' } }, 400, /body\.value/],
      [{ body: { candidateId: idOf(20), value: 'purple', idempotencyKey: 'x2' } }, 400, /body\.value/],
      [{ body: { candidateId: idOf(20), value: 'dark' } }, 400, /body\.idempotencyKey/],
      [{ body: { candidateId: 42, value: 'dark', idempotencyKey: 'x3' } }, 400, /body\.candidateId/],
      [
        { body: { candidateId: idOf(20), value: 'dark', idempotencyKey: 'x4', annotator: 'mallory' } },
        400,
        /annotator/,
      ],
      [{ body: { candidateId: 'f'.repeat(64), value: 'dark', idempotencyKey: 'x5' } }, 404, /does not exist/],
      // The same key for a different label: a conflict, not a silent overwrite.
      [{ body: { candidateId: idOf(1), value: 'bright', idempotencyKey: 'a-0' } }, 409, /a-0/],
    ];
    for (const [options, status, message] of cases) {
      const reply = await api('POST', '/api/labels', { token: alice, ...options });
      assert.equal(reply.status, status, `${JSON.stringify(options)} -> ${reply.text}`);
      assert.match(reply.message, message);
    }
    assert.equal((await api('DELETE', '/api/labels/abc', { token: alice })).status, 400);
    assert.deepEqual(stored(), before);
  });

  it('trains as a job resource: 202, 409 while it runs, progress on GET, then succeeded', async () => {
    const start = await api('POST', '/api/training', { token: admin });
    assert.equal(start.status, 202);
    const job = start.as(JobReply).job;
    assert.equal(job.status, 'running');
    const second = await api('POST', '/api/training', { token: admin });
    assert.equal(second.status, 409);
    assert.equal((await api('POST', '/api/training', { token: alice })).status, 403);
    const status = await finishedTraining();
    assert.equal(status.job.id, job.id);
    // Blind review: the admin sees who started the job, an annotator only that it was not them.
    assert.equal(job.startedBy, 'admin');
    assert.equal(status.job.startedBy, 'another user');
    assert.equal(status.job.status, 'succeeded', status.job.error ?? '');
    assert.equal(status.job.progress, 1);
    assert.equal(status.newLabels, 0);
    assert.equal((await api('DELETE', '/api/training', { token: admin })).status, 404);
  });

  it('lists and serves the published model: ETag = sha256, immutable caching, 304, loadable ONNX', async () => {
    const models = (await api('GET', '/api/models', { token: alice })).as(ModelListSchema);
    assert.equal(models.latest, 'v0001');
    assert.deepEqual(
      models.versions.map((v) => v.version),
      ['v0001'],
    );
    const latest = await api('GET', '/api/models/latest', { token: alice });
    const current = latest.as(LatestModelSchema);
    assert.equal(current.version, 'v0001');
    assert.deepEqual(current.modelCard['classes'], ['bright', 'dark']);

    const response = await fetch(`${s.url}/api/models/v0001/model.onnx`, {
      headers: { Authorization: `Bearer ${alice}` },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    assert.equal(response.status, 200);
    assert.equal(sha256, current.sha256);
    assert.equal(response.headers.get('etag'), `"${sha256}"`);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const session = await ort.InferenceSession.create(bytes);
    assert.deepEqual(session.outputNames.includes('probabilities'), true);
    await session.release();

    const cached = await api('GET', '/api/models/v0001/model.onnx', {
      token: alice,
      headers: { 'If-None-Match': `"${sha256}"` },
    });
    assert.equal(cached.status, 304);
    assert.equal(cached.text, '');
    const card = await api('GET', '/api/models/v0001/model-card.json', { token: alice });
    assert.equal(card.as(z.object({ version: z.string() })).version, 'v0001');
    const cardAgain = await api('GET', '/api/models/v0001/model-card.json', {
      token: alice,
      headers: { 'If-None-Match': card.headers.get('etag')! },
    });
    assert.equal(cardAgain.status, 304);
  });

  it('refuses path traversal and unknown versions', async () => {
    // Sent raw: fetch would resolve the dot segments before they left the client.
    for (const version of ['%2e%2e', '..%2F..%2Faift.sqlite', '.hidden', '%2E%2E%2Fv0001']) {
      const reply = await rawGet(s.url, `/api/models/${version}/model.onnx`, alice);
      assert.equal(reply.status, 400, `${version} -> ${reply.status} ${reply.text}`);
      assert.match(reply.text, /params\.version/);
    }
    const dotted = await rawGet(s.url, '/api/models/../../aift.sqlite/model.onnx', alice);
    assert.equal(dotted.status, 404);
    assert.doesNotMatch(dotted.text, /SQLite/);
    const unknown = await api('GET', '/api/models/v9999/model-card.json', { token: alice });
    assert.equal(unknown.status, 404);
    assert.match(unknown.message, /v9999/);
  });

  it('leases scored candidates with their UIDs, different ones to each annotator, and releases them', async () => {
    const bad = await api('GET', '/api/worklist?n=abc', { token: alice });
    assert.equal(bad.status, 400);
    assert.match(bad.message, /query\.n/);
    const forAlice = (await api('GET', '/api/worklist?n=3', { token: alice })).as(WorklistSchema);
    const forBob = (await api('GET', '/api/worklist?n=3', { token: bob })).as(WorklistSchema);
    assert.equal(forAlice.modelVersion, 'v0001');
    assert.equal(forAlice.items.length, 3);
    assert.equal(forBob.items.length, 3);
    const unlabeled = new Set(range(16, 24).map(idOf));
    for (const item of [...forAlice.items, ...forBob.items]) {
      assert.ok(unlabeled.has(item.candidateId), `${item.candidateId} is labeled`);
      assert.equal(item.studyInstanceUid, '2.25.500');
      assert.match(item.sopInstanceUid, /^2\.25\.500\.1\.\d+$/);
      assert.equal(item.frame, 1);
      assert.equal(typeof item.worthiness, 'number');
      assert.ok(['bright', 'dark'].includes(item.predictedClass ?? ''), `predicted ${item.predictedClass}`);
    }
    const ids = (w: { items: { candidateId: string }[] }) => w.items.map((i) => i.candidateId);
    assert.equal(new Set([...ids(forAlice), ...ids(forBob)]).size, 6, 'both annotators got a same case');
    const released = await api('DELETE', '/api/worklist/leases', { token: alice });
    assert.deepEqual(released.as(ReleasedSchema), { released: 3 });
    const one = await api('DELETE', '/api/worklist/leases', {
      token: bob,
      body: { candidateIds: [ids(forBob)[0]] },
    });
    assert.deepEqual(one.as(ReleasedSchema), { released: 1 });
  });

  it('serves a case to at most project.readsPerCase readers (here 2), and stores a late third label', async () => {
    const capped = await startServer(orthanc, { project: { readsPerCase: 2 } });
    try {
      const at = (token: string) => (method: string, path: string, body?: unknown) =>
        call(capped.url, method, path, { token, ...(body !== undefined && { body }) });
      const asAdmin = at(capped.token('admin', 'admin'));
      assert.equal((await asAdmin('POST', '/api/pool', {})).status, 200);
      // Two scored cases, so a fetch of two is the whole list whatever omega draws.
      const setup = { name: 'setup', role: 'admin' } as const;
      const { store } = capped.server;
      store.models.register(
        { version: 'v0001', parent: null, sha256: 'a'.repeat(64), metrics: {}, modelCard: {} },
        setup,
      );
      const scored = [idOf(0), idOf(1)];
      store.scores.replaceForVersion(
        'v0001',
        scored.map((candidateId, i) => ({
          candidateId,
          worthiness: 2 - i,
          entropy: 0.5,
          diversity: 0.1,
          predictedClass: 'bright',
          probability: 0.6,
        })),
        setup,
      );
      const worklistOf = async (as: ReturnType<typeof at>) => {
        const reply = (await as('GET', '/api/worklist?n=2')).as(WorklistSchema);
        assert.equal(reply.modelVersion, 'v0001');
        return reply.items.map((item) => item.candidateId).sort();
      };
      const reader = (name: string) => at(capped.token(name, 'annotator'));
      for (const name of ['ann', 'ben']) {
        const as = reader(name);
        assert.deepEqual(await worklistOf(as), [...scored].sort(), `${name} was not served both cases`);
        const body = { candidateId: idOf(0), value: 'bright', idempotencyKey: `${name}-0` };
        assert.equal((await as('POST', '/api/labels', body)).status, 201);
        assert.equal((await as('DELETE', '/api/worklist/leases')).as(ReleasedSchema).released, 1);
      }
      const cem = reader('cem');
      assert.deepEqual(await worklistOf(cem), [idOf(1)], 'a third reader was served the double-read case');
      const late = await cem('POST', '/api/labels', {
        candidateId: idOf(0),
        value: 'dark',
        idempotencyKey: 'c-0',
      });
      assert.equal(late.status, 201, 'a label beyond the cap was refused');
      assert.deepEqual(store.consensus.of(idOf(0)).votes, { bright: 2, dark: 1 });
    } finally {
      await capped.stop();
    }
  });

  it('delivered training.progress, model.published and worklist.changed as Server-Sent Events', () => {
    const names = new Set(sse.events.map((e) => e.event));
    assert.ok(names.has('training.progress'));
    const published = sse.events.find((e) => e.event === 'model.published');
    assert.equal((published?.data as { version: string }).version, 'v0001');
    assert.deepEqual(sse.events.find((e) => e.event === 'worklist.changed')?.data, {
      modelVersion: 'v0001',
      scored: 8,
    });
  });

  it('unsubscribes an event stream from the bus when its client disconnects', async () => {
    const bus = s.server.bus;
    const subscribe = bus.subscribe.bind(bus);
    let live = 0;
    bus.subscribe = (event, listener) => {
      live++;
      const subscription = subscribe(event, listener);
      return { unsubscribe: () => (live--, subscription.unsubscribe()) };
    };
    try {
      const stream = listenToEvents(s.url, bob);
      assert.equal((await stream.opened).headers.get('content-type'), 'text/event-stream; charset=utf-8');
      for (let tries = 0; live < 3 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(live, 3, 'one subscription per forwarded event');
      await stream.stop();
      for (let tries = 0; live > 0 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(live, 0);
    } finally {
      bus.subscribe = subscribe;
    }
  });

  it('exports every label as JSON and CSV to admins only', async () => {
    assert.equal((await api('GET', '/api/labels/export?format=csv', { token: alice })).status, 403);
    assert.equal((await api('GET', '/api/labels/export?format=xml', { token: admin })).status, 400);
    const rows = (await api('GET', '/api/labels/export?format=json', { token: admin })).as(
      z.array(LabelExportRowSchema),
    );
    assert.equal(rows.length, 20);
    assert.deepEqual(
      rows.filter((r) => r.annotator === 'alice').map((r) => r.candidateId),
      range(0, 10).map(idOf),
    );
    const csv = await api('GET', '/api/labels/export?format=csv', { token: admin });
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    assert.equal(lines.length, 21);
    assert.match(lines[0]!, /^labelId,candidateId,studyInstanceUid/);
    assert.ok(
      lines.some((l) => l.includes(idOf(15)) && l.includes(',bob,') && l.includes(`,${classOf(15)},`)),
    );
  });

  it('retracts a label (its annotator only) and adjudicates a disagreement (admins only)', async () => {
    const mine = s.server.store.labels.forCandidate(idOf(0))[0]!;
    const refused = await api('DELETE', `/api/labels/${mine.id}`, { token: bob });
    assert.equal(refused.status, 403);
    assert.match(refused.message, /not yours/);
    assert.doesNotMatch(refused.message, /alice/, "blind review: the refusal names the label's annotator");
    const retracted = await api('DELETE', `/api/labels/${mine.id}`, { token: alice });
    assert.equal(retracted.status, 200);
    assert.equal(retracted.as(LabelSchema).retracted?.by, 'alice');

    assert.equal((await label(alice, 16, 'a-16')).status, 201);
    assert.equal((await label(bob, 16, 'b-16', classOf(16) === 'bright' ? 'dark' : 'bright')).status, 201);
    const open = await api('GET', '/api/consensus/adjudication', { token: admin });
    assert.deepEqual(
      open.as(z.array(ConsensusSchema)).map((c) => c.candidateId),
      [idOf(16)],
    );
    const path = `/api/consensus/${idOf(16)}/adjudicate`;
    assert.equal((await api('POST', path, { token: alice, body: { value: 'dark' } })).status, 403);
    const bad = await api('POST', path, { token: admin, body: { value: 'skip' } });
    assert.equal(bad.status, 400);
    assert.match(bad.message, /body\.value/);
    const decided = await api('POST', path, {
      token: admin,
      body: { value: classOf(16), reason: 'read it twice' },
    });
    assert.equal(decided.status, 200);
    assert.equal(decided.as(ConsensusSchema).status, 'adjudicated');
    assert.equal(decided.as(ConsensusSchema).value, classOf(16));
  });

  it('cancels a running job, trains v0002 on new labels, refuses a late cold start, and rolls back', async () => {
    for (const i of range(17, 21)) assert.equal((await label(alice, i, `a-${i}`)).status, 201);
    const started = await api('POST', '/api/training', { token: admin });
    const cancel = await api('DELETE', '/api/training', { token: admin });
    assert.equal(cancel.status, 202);
    assert.equal(cancel.as(JobReply).job.id, started.as(JobReply).job.id);
    assert.equal((await finishedTraining()).job.status, 'cancelled');
    assert.equal(s.server.store.models.latest()?.version, 'v0001');

    assert.equal((await api('POST', '/api/training', { token: admin })).status, 202);
    assert.equal((await finishedTraining()).job.status, 'succeeded');
    assert.equal(
      (await api('GET', '/api/models/latest', { token: alice })).as(LatestModelSchema).version,
      'v0002',
    );

    assert.equal((await api('POST', '/api/training/cold-start', { token: admin })).status, 202);
    const cold = (await finishedTraining()).job;
    assert.equal(cold.status, 'failed');
    assert.match(cold.error ?? '', /empty registry/);

    const bad = await api('POST', '/api/models/rollback', { token: admin, body: { version: '../v0001' } });
    assert.equal(bad.status, 400);
    assert.match(bad.message, /body\.version/);
    assert.equal(
      (await api('POST', '/api/models/rollback', { token: alice, body: { version: 'v0001' } })).status,
      403,
    );
    const back = await api('POST', '/api/models/rollback', {
      token: admin,
      body: { version: 'v0001', reason: 'worse' },
    });
    assert.equal(back.status, 200);
    assert.equal(back.as(LatestPointerSchema).version, 'v0001');
    assert.equal(back.as(LatestPointerSchema).movedBy, 'admin');
    const list = (await api('GET', '/api/models', { token: alice })).as(ModelListSchema);
    assert.equal(list.latest, 'v0001');
    assert.equal(list.versions.length, 2);
  });

  it('exposes Prometheus metrics without a token: requests by route pattern, labels, jobs, model', async () => {
    const reply = await api('GET', '/metrics');
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/plain/);
    const value = (line: string) =>
      Number(new RegExp(`^${line.replace(/[{}.+]/g, '\\$&')} (\\S+)$`, 'm').exec(reply.text)?.[1]);
    assert.equal(value('aift_http_requests_total{method="POST",route="/api/labels",status="201"}'), 26);
    assert.equal(value('aift_http_requests_total{method="POST",route="/api/pool",status="403"}'), 1);
    assert.equal(value('aift_labels'), 26);
    assert.equal(value('aift_training_jobs{status="succeeded"}'), 2);
    assert.equal(value('aift_training_jobs{status="cancelled"}'), 1);
    assert.equal(value('aift_model_versions'), 2);
    assert.equal(value('aift_model_latest_info{version="v0001"}'), 1);
    assert.doesNotMatch(reply.text, /2\.25\.500/, 'a UID leaked into the metrics');
  });

  it('lists the selection strategies', async () => {
    const reply = await api('GET', '/api/strategies', { token: alice });
    const { active, strategies } = reply.as(StrategyListSchema);
    assert.equal(active, 'aift');
    assert.match(strategies.find((x) => x.name === 'aift')?.description ?? '', /entropy \+ diversity/);
  });

  it('counts the project: candidates, labeled, queue, agreement between annotators', async () => {
    const progress = (await api('GET', '/api/progress', { token: admin })).as(ProgressSchema);
    const rows = (await api('GET', '/api/labels/export?format=json', { token: admin })).as(
      z.array(LabelExportRowSchema),
    );
    const voted = new Set(
      rows
        .filter((r) => r.retractedAt === null && !['skip', 'unsure'].includes(r.value))
        .map((r) => r.candidateId),
    );
    assert.equal(progress.candidates, 24);
    assert.equal(progress.labeled, voted.size, 'every candidate here with a label has a current class vote');
    assert.equal(progress.inQueue, 24 - voted.size);
    assert.ok(progress.agreementRate !== null && progress.agreementRate > 0 && progress.agreementRate < 1);
    // Blind review (the default): an annotator gets the same counts, but not the agreement between readers.
    const annotatorView = (await api('GET', '/api/progress', { token: alice })).as(ProgressSchema);
    assert.deepEqual(annotatorView, { ...progress, agreementRate: null });
  });

  it('documents every route in the OpenAPI document, generated from the same schemas', async () => {
    const reply = await api('GET', '/api/openapi.json', { token: alice });
    const doc = reply.as(OpenApiDoc);
    assert.equal(doc.openapi, '3.0.3');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(routes.sort(), [
      'DELETE /api/labels/{id}',
      'DELETE /api/training',
      'DELETE /api/worklist/leases',
      'GET /api/candidates',
      'GET /api/consensus/adjudication',
      'GET /api/events',
      'GET /api/labels/export',
      'GET /api/models',
      'GET /api/models/latest',
      'GET /api/models/{version}/model-card.json',
      'GET /api/models/{version}/model.onnx',
      'GET /api/progress',
      'GET /api/strategies',
      'GET /api/study-marks',
      'GET /api/training',
      'GET /api/worklist',
      'POST /api/consensus/{candidateId}/adjudicate',
      'POST /api/labels',
      'POST /api/models/rollback',
      'POST /api/pool',
      'POST /api/training',
      'POST /api/training/cold-start',
    ]);
    const post = z
      .object({
        requestBody: z.object({
          content: z.object({ 'application/json': z.object({ schema: LabelBodyDoc }) }),
        }),
      })
      .parse(doc.paths['/api/labels']?.['post']);
    const labelBody = post.requestBody.content['application/json'].schema;
    assert.deepEqual(labelBody.properties.value.enum, ['skip', 'unsure', 'bright', 'dark']);
    assert.deepEqual(labelBody.required.sort(), ['candidateId', 'idempotencyKey', 'value']);
  });
});
