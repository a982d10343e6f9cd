// The extension's trainer client, event stream and model service against a real trainer server: typed
// replies, the server's error messages, idempotent labels, and a model published while the stream listens.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openEventStream } from '../../../extension/src/services/eventStream.js';
import { parseModelCard } from '../../../extension/src/services/modelCard.js';
import type { TrainerEventName } from '../../../extension/src/services/eventStream.js';
import { ModelService } from '../../../extension/src/services/modelService.js';
import {
  createTrainerClient,
  isRetryable,
  TrainerApiError,
  TrainerUnreachableError,
} from '../../../extension/src/services/trainerClient.js';
import type { TrainerClient } from '../../../extension/src/services/trainerClient.js';
import { classOf, idOf } from '../../trainer-server/services/support.js';
import { labelDiscs, POOL, startProject, trainAndWait } from './support.js';
import type { Project } from './support.js';

const until = async (what: string, ready: () => boolean, ms = 60_000) => {
  for (const end = Date.now() + ms; !ready(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};

describe('trainer client, event stream and model service against a real trainer server', () => {
  let project: Project;
  let client: TrainerClient;

  before(async () => {
    project = await startProject();
    client = createTrainerClient({
      baseUrl: `${project.api}/`,
      headers: () => ({ Authorization: `Bearer ${project.alice}` }),
    });
  });
  after(async () => await project?.stop());

  it('turns a non-2xx reply into TrainerApiError with the server’s message, and no answer into unreachable', async () => {
    const anonymous = createTrainerClient({ baseUrl: project.api, headers: () => ({}) });
    const denied = await anonymous.models().catch((e: unknown) => e);
    assert.ok(denied instanceof TrainerApiError);
    assert.equal(denied.status, 401);
    assert.match(denied.message, /authentication required/);
    assert.equal(isRetryable(denied), false);

    const none = await client.latestModel().catch((e: unknown) => e);
    assert.ok(none instanceof TrainerApiError && none.status === 404, String(none));
    assert.match(none.message, /no model is published/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const gone = createTrainerClient({ baseUrl: `http://127.0.0.1:${port}/api`, headers: () => ({}) });
    const unreachable = await gone.progress().catch((e: unknown) => e);
    assert.ok(unreachable instanceof TrainerUnreachableError);
    assert.equal(isRetryable(unreachable), true);
  });

  it('posts labels idempotently and retracts them', async () => {
    const body = { candidateId: idOf(20), value: classOf(20), idempotencyKey: 'client-20' };
    const first = await client.postLabel(body);
    const again = await client.postLabel(body);
    assert.equal(again.id, first.id);
    assert.equal(first.annotator, 'alice');
    const retracted = await client.retractLabel(first.id);
    assert.equal(retracted.id, first.id);
    assert.ok(retracted.retracted);
    const bad = await client
      .postLabel({ ...body, value: 'purple', idempotencyKey: 'k2' })
      .catch((e: unknown) => e);
    assert.ok(bad instanceof TrainerApiError && bad.status === 400);
    assert.match(bad.message, /body\.value/);
  });

  it('reports progress, training status, strategies and an empty worklist before any model', async () => {
    const { labelsSaved, ...progress } = await client.progress();
    assert.deepEqual(progress, {
      candidates: POOL,
      labeled: 0,
      inQueue: POOL,
      readsPerCase: 1,
      agreementRate: null,
      audit: { drawn: 0, labeled: 0 },
      learningCurve: [],
    });
    assert.equal(labelsSaved.statement, 'Labels saved vs random: not yet measurable (no model yet).');
    const status = await client.trainingStatus();
    assert.equal(status.job, null);
    assert.equal((await client.strategies()).active, 'aift');
    assert.deepEqual(await client.worklist(3), { modelVersion: null, ranking: null, items: [] });
    assert.deepEqual(await client.models(), { latest: null, versions: [] });
  });

  it('streams training.progress, model.published and worklist.changed; the model service swaps to the new model', async () => {
    const events: { name: TrainerEventName; payload: unknown }[] = [];
    const connections: boolean[] = [];
    const errors: unknown[] = [];
    const models = new ModelService({
      client,
      runtime: { executionProviders: ['wasm'] },
      onError: (e) => errors.push(e),
    });
    await models.start();
    assert.equal(models.model.get(), null);
    const stream = openEventStream({
      url: `${client.baseUrl}/events`,
      headers: client.headers,
      onEvent: (name, payload) => {
        events.push({ name, payload });
        if (name === 'model.published') void models.use(payload as { version: string; sha256: string });
      },
      onConnection: (connected) => connections.push(connected),
    });
    try {
      await until('the stream to open', () => connections.includes(true));
      await labelDiscs(project, project.alice, 0, 16);
      await trainAndWait(project);
      await until('worklist.changed', () => events.some((e) => e.name === 'worklist.changed'));
      await until('the new model', () => models.model.get() !== null);
    } finally {
      stream.close();
      await stream.closed;
    }
    assert.deepEqual(errors, []);
    assert.ok(events.some((e) => e.name === 'training.progress'));
    const published = events.find((e) => e.name === 'model.published')?.payload as { version: string };
    assert.equal(published.version, 'v0001');
    assert.equal(models.model.get()?.version, 'v0001');
    assert.deepEqual(events.find((e) => e.name === 'worklist.changed')?.payload, {
      modelVersion: 'v0001',
      scored: 8,
    });
    const worklist = await client.worklist(2);
    assert.equal(worklist.modelVersion, 'v0001');
    assert.equal(worklist.items.length, 2);
    assert.equal(await client.releaseLeases(worklist.items.map((i) => i.candidateId)), 2);
    const curve = await client.models();
    assert.equal(curve.latest, 'v0001');
    // The card the real trainer published fits the contract the browser parses it with.
    assert.equal(parseModelCard(await client.modelCard('v0001'), 'v0001').version, 'v0001');
    await models.dispose();
    assert.equal(models.model.get(), null);
  });

  it('reconnects after the stream breaks and parses multi-line, CRLF and comment frames', async () => {
    let connection = 0;
    const sse = createServer((_req, res) => {
      connection++;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (connection === 1) {
        res.end(
          ': hello\r\nevent: worklist.changed\r\ndata: {"modelVersion":\r\ndata: "v1","scored":1}\r\n\r\n',
        );
      } else {
        res.write('event: model.published\ndata: {"version":"v2","parent":"v1","sha256":"ab","jobId":3}\n\n');
      }
    });
    await new Promise<void>((resolve) => sse.listen(0, '127.0.0.1', resolve));
    const events: unknown[] = [];
    const stream = openEventStream({
      url: `http://127.0.0.1:${(sse.address() as AddressInfo).port}/events`,
      headers: () => ({}),
      onEvent: (name, payload) => events.push([name, payload]),
      initialDelayMs: 10,
    });
    try {
      await until('two events', () => events.length === 2, 5_000);
    } finally {
      stream.close();
      await stream.closed;
      sse.closeAllConnections();
      await new Promise((resolve) => sse.close(resolve));
    }
    assert.deepEqual(events, [
      ['worklist.changed', { modelVersion: 'v1', scored: 1 }],
      ['model.published', { version: 'v2', parent: 'v1', sha256: 'ab', jobId: 3 }],
    ]);
    assert.equal(connection, 2);
  });

  it('drops the connection on a payload that breaks the contract, naming the field', async () => {
    const sse = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: model.published\ndata: {"version":"v2"}\n\n');
    });
    await new Promise<void>((resolve) => sse.listen(0, '127.0.0.1', resolve));
    const events: unknown[] = [];
    const errors: unknown[] = [];
    const stream = openEventStream({
      url: `http://127.0.0.1:${(sse.address() as AddressInfo).port}/events`,
      headers: () => ({}),
      onEvent: (name, payload) => events.push([name, payload]),
      onConnection: (connected, error) => void (connected || errors.push(error)),
      initialDelayMs: 10_000,
    });
    try {
      await until('a broken stream', () => errors.length === 1, 5_000);
    } finally {
      stream.close();
      await stream.closed;
      sse.closeAllConnections();
      await new Promise((resolve) => sse.close(resolve));
    }
    assert.deepEqual(events, []);
    assert.match(String(errors[0]), /sha256/);
  });
});
