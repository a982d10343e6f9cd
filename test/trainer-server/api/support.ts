// What the API tests share: the whole server (createServer) over real HTTP on 127.0.0.1, on a temp data
// folder, a real Orthanc holding the services tests' disc studies, and the tiny seeded backbone.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import { ServerConfigSchema } from '../../../trainer-server/src/config/index.js';
import { createLogger } from '../../../trainer-server/src/http/index.js';
import { createServer } from '../../../trainer-server/src/server.js';
import type { TrainerServer } from '../../../trainer-server/src/server.js';
import type { Role } from '../../../trainer-server/src/store/index.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import type { z } from 'zod';
import { ErrorSchema } from '../../../trainer-server/src/api/schemas/index.js';
import { CLASSES, tinyBackbone } from '../services/support.js';

export interface RunningServer {
  readonly url: string;
  readonly server: TrainerServer;
  readonly dataDir: string;
  /** Creates an API token and returns its secret. */
  token(name: string, role: Role): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Default: a new temp folder, removed by stop(); a folder given here is left in place. */
  readonly dataDir?: string;
  /** The `training` section of the configuration; default manual. */
  readonly training?: Record<string, unknown>;
  /** Fields of the `project` section besides the classes. */
  readonly project?: Record<string, unknown>;
  /** The `auth` section of the configuration; default API tokens only. */
  readonly auth?: Record<string, unknown>;
  /** The `selection` section of the configuration; default the product's defaults. */
  readonly selection?: Record<string, unknown>;
}

export async function startServer(
  orthanc: RunningOrthanc,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'aift-api-'));
  const config = ServerConfigSchema.parse({
    dataDir,
    logLevel: 'silent',
    dicomweb: { url: orthanc.dicomWebRoot },
    project: { classes: [...CLASSES], ...options.project },
    training: options.training ?? { trigger: 'manual' },
    limits: { rateLimitPerMinute: 100_000 },
    ...(options.auth && { auth: options.auth }),
    ...(options.selection && { selection: options.selection }),
  });
  const backbone = tinyBackbone();
  const server = await createServer(config, {
    logger: createLogger({ level: 'silent' }),
    version: '9.9.9',
    backbone: { model: backbone, version: 'tiny-seed-3' },
    plan: buildPlan({ ...PLAN_PRESETS.dihedral, patches: 4 }),
    tfjsBackend: 'keep',
    seed: 0,
    training: {
      training: { epochs: 30, batchSize: 16, learningRate: 0.05, l2: 0 },
      minAuditLabels: 3,
    },
  });
  const http = await new Promise<Server>((resolve, reject) => {
    const s = server.app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    server,
    dataDir,
    token: (name, role) => {
      const secret = randomBytes(24).toString('base64url');
      server.store.tokens.create({ name, role, secret }, { name: 'setup', role: 'admin' });
      return secret;
    },
    stop: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.close();
      backbone.model.dispose();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  /** The body checked against the API's own response schema (throws when the server breaks its contract). */
  as<T>(schema: z.ZodType<T>): T;
  /** The message of an error reply. */
  readonly message: string;
}

export interface CallOptions {
  readonly token?: string;
  /** Sent as JSON unless `raw` is given. */
  readonly body?: unknown;
  /** A body sent as is, with Content-Type: application/json. */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['Authorization'] = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    json,
    as: (schema) => schema.parse(json),
    get message() {
      return ErrorSchema.parse(json).message;
    },
  };
}

export interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Reads GET /api/events into `events` until `stop()`; `comments` counts keep-alive and hello lines. */
export function listenToEvents(base: string, token: string) {
  const events: ServerSentEvent[] = [];
  const controller = new AbortController();
  const opened = fetch(`${base}/api/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reading = (async () => {
    const response = await opened;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  return {
    events,
    opened,
    stop: async () => {
      controller.abort();
      await reading.catch(() => {});
    },
  };
}

/** A GET whose path goes out exactly as written (fetch would normalise `..` and `%2e%2e`). */
export function rawGet(base: string, path: string, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = request({ hostname, port, path, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no training job runs; throws if the last one did not succeed. */
export async function waitForIdleTraining(trainerUrl: string, token: string, timeoutMs = 120_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await delay(100)) {
    const reply = await call(trainerUrl, 'GET', '/api/training', { token });
    const job = (reply.json as { job: { status: string; error: string | null } | null }).job;
    if (job?.status === 'running') continue;
    if (job && job.status !== 'succeeded') throw new Error(`training ${job.status}: ${job.error}`);
    return;
  }
  throw new Error(`training still running after ${timeoutMs} ms`);
}
