// What the fault tests share: a data folder with API tokens written straight into its store, the built
// server (main.js, killable) on it, a poll for the end of a training job, and the registry's integrity
// check as a client sees it (every listed version's bytes hash to its card's sha256 and its ETag).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  LabelExportRowSchema,
  LatestModelSchema,
  ModelListSchema,
  TrainingStatusSchema,
} from '../../trainer-server/src/api/schemas/index.js';
import type { TrainingJobDto } from '../../trainer-server/src/api/schemas/index.js';
import { openSqliteStore } from '../../trainer-server/src/store/index.js';
import { startMain } from '../trainer-server/api/mainProcess.js';
import type { MainProcess } from '../trainer-server/api/mainProcess.js';
import { call } from '../trainer-server/api/support.js';
import { classOf, CLASSES, idOf } from '../trainer-server/services/support.js';

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface Tokens {
  readonly admin: string;
  readonly annotators: readonly string[];
}

/** A new data folder whose store already holds an admin token and `annotators` annotator tokens. */
export function newDataDir(prefix: string, annotators = 1): { dataDir: string; tokens: Tokens } {
  const dataDir = mkdtempSync(join(tmpdir(), `aift-${prefix}-`));
  const store = openSqliteStore(join(dataDir, 'aift.sqlite'), { clock: () => new Date() });
  const setup = { name: 'setup', role: 'admin' as const };
  const create = (name: string, role: 'admin' | 'annotator') => {
    const secret = randomBytes(24).toString('base64url');
    store.tokens.create({ name, role, secret }, setup);
    return secret;
  };
  try {
    return {
      dataDir,
      tokens: {
        admin: create('admin', 'admin'),
        annotators: range(0, annotators).map((k) => create(`annotator-${k}`, 'annotator')),
      },
    };
  } finally {
    store.close();
  }
}

/** main.js on `dataDir` with manual training, reading its PACS at `dicomWebRoot`; `extra` env on top. */
export function startTrainer(
  dataDir: string,
  dicomWebRoot: string,
  extra: Record<string, string> = {},
): Promise<MainProcess> {
  return startMain({
    AIFT_DATA_DIR: dataDir,
    AIFT_DICOMWEB_URL: dicomWebRoot,
    AIFT_PROJECT_CLASSES: CLASSES.join(','),
    AIFT_TRAINING_TRIGGER: 'manual',
    AIFT_RATE_LIMIT_PER_MINUTE: '1000000',
    AIFT_LOG_LEVEL: 'info', // the URL comes in the 'listening' line
    ...extra,
  });
}

/**
 * startTrainer that remembers what it started, so a test's `after` ends every process it left running,
 * however its assertions went.
 */
export function trackedTrainers() {
  const running: MainProcess[] = [];
  return {
    async start(...args: Parameters<typeof startTrainer>): Promise<MainProcess> {
      const server = await startTrainer(...args);
      running.push(server);
      return server;
    },
    async killAll(): Promise<void> {
      for (const server of running) await server.kill('SIGKILL');
    },
  };
}

/** The project's newest job, or null. */
export async function latestJob(url: string, token: string): Promise<TrainingJobDto | null> {
  return (await call(url, 'GET', '/api/training', { token })).as(TrainingStatusSchema).job;
}

/** Waits until the newest job is no longer running and returns it. */
export async function finishedJob(url: string, token: string, timeoutMs = 90_000): Promise<TrainingJobDto> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await delay(100)) {
    const job = await latestJob(url, token);
    if (job && job.status !== 'running') return job;
  }
  throw new Error(`training still running after ${timeoutMs} ms`);
}

/** Starts a training job and waits for its end. */
export async function train(url: string, admin: string): Promise<TrainingJobDto> {
  const started = await call(url, 'POST', '/api/training', { token: admin });
  assert.equal(started.status, 202, started.text);
  return finishedJob(url, admin);
}

/** Every label ever stored, as the admin export lists them. */
export async function exportedLabels(url: string, admin: string) {
  const reply = await call(url, 'GET', '/api/labels/export?format=json', { token: admin });
  return reply.as(z.array(LabelExportRowSchema));
}

/** GET a version's model.onnx: status, ETag and bytes. */
export async function fetchModel(url: string, token: string, version: string) {
  const response = await fetch(`${url}/api/models/${version}/model.onnx`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

/**
 * What a client must always be able to rely on: `latest` is listed, and every listed version's model.onnx
 * comes whole, hashing to the registered sha256, which is also its ETag and its card's version. Returns
 * the listing.
 */
export async function assertServedModelsIntact(url: string, token: string) {
  const list = (await call(url, 'GET', '/api/models', { token })).as(ModelListSchema);
  if (list.latest !== null) assert.ok(list.versions.some((v) => v.version === list.latest));
  for (const { version, sha256: expected } of list.versions) {
    const model = await fetchModel(url, token, version);
    assert.equal(model.status, 200, `${version}/model.onnx answered ${model.status}`);
    assert.equal(sha256(model.bytes), expected, `${version}/model.onnx does not hash to its sha256`);
    assert.equal(model.etag, `"${expected}"`);
    const card = await call(url, 'GET', `/api/models/${version}/model-card.json`, { token });
    assert.equal(card.status, 200, `${version}/model-card.json answered ${card.status}`);
    assert.equal((card.json as { version?: unknown }).version, version);
  }
  return list;
}

/** Registers the PACS's frames as the pool (idempotent). */
export async function registerPool(url: string, admin: string): Promise<void> {
  const reply = await call(url, 'POST', '/api/pool', { token: admin, body: {} });
  assert.equal(reply.status, 200, reply.text);
}

/** Labels discs `from` to `to` - 1 with their true class as `token`'s annotator (keys `l<i>`). */
export async function labelDiscs(url: string, token: string, from: number, to: number): Promise<void> {
  for (const i of range(from, to)) {
    const body = { candidateId: idOf(i), value: classOf(i), idempotencyKey: `l${i}` };
    const reply = await call(url, 'POST', '/api/labels', { token, body });
    assert.ok(reply.status === 201 || reply.status === 200, reply.text);
  }
}

/** The latest version's name and registered sha256 (throws when none is published). */
export async function latestModel(url: string, token: string) {
  return (await call(url, 'GET', '/api/models/latest', { token })).as(LatestModelSchema);
}

/** Where main.js keeps a version's files under its data folder. */
export const versionDir = (dataDir: string, version: string) => join(dataDir, 'models', 'versions', version);

/**
 * The training steps GET /api/events announces, in order, for a server that may be killed at any moment:
 * a stream cut by the kill ends the watch quietly.
 */
export async function watchTrainingSteps(url: string, token: string) {
  const steps: string[] = [];
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: training\.progress\ndata: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) steps.push(String((JSON.parse(data) as { step: unknown }).step));
      }
    }
  })().catch(() => {});
  return {
    steps,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}
