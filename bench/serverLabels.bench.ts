// Label ingestion over real HTTP: N annotators at once (each with its own API token, one request in flight
// each, as a viewer sends them) POST labels with idempotency keys to the real server process (main.ts, its
// SQLite store on disk, a real Orthanc behind the registered pool, training trigger manual). Every tenth
// label is sent twice at once, as a client that retries while its first try is still in flight. Afterwards
// the label export must hold every acknowledged label exactly once.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../trainer-server/src/store/index.js';
import type { Role } from '../trainer-server/src/store/index.js';
import { startOrthanc, uploadPart10 } from '../test/support/orthanc.js';
import type { RunningOrthanc } from '../test/support/orthanc.js';
import { CLASSES, classOf, discStudy, idOf } from '../test/trainer-server/services/support.js';
import { z } from 'zod';
import { LabelExportRowSchema } from '../trainer-server/src/api/schemas/index.js';
import { call } from '../test/trainer-server/api/support.js';
import { exactlyOnce } from '../test/reliability/annotatorLoadChecks.js';
import { percentile } from './lib/percentile.js';
import { median, publish } from './lib/report.js';
import { startTrainerProcess } from './lib/trainerProcess.js';
import type { TrainerProcess } from './lib/trainerProcess.js';

const POOL = 600;
const ANNOTATORS = [1, 10, 50] as const;
const REPETITIONS = 3;
/** New labels per run, shared evenly by the run's annotators; each labels distinct candidates. */
const LABELS_PER_RUN = Number(process.argv[2] ?? 600);
/** A run stops starting new labels after this long, whatever is left of its count. */
const RUN_LIMIT_MS = 30_000;
const RETRY_EVERY = 10;

interface Reply {
  readonly annotator: string;
  readonly key: string;
  readonly candidateId: string;
  readonly value: string;
  readonly status: number;
  /** The stored label's id, from a 200 or 201 answer. */
  readonly labelId: number | undefined;
  readonly ms: number;
}

interface RunResult {
  readonly created: number;
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  readonly timedOut: boolean;
}

async function postLabel(url: string, token: string, annotator: string, i: number, key: string) {
  const body = { candidateId: idOf(i), value: classOf(i), idempotencyKey: key };
  const start = performance.now();
  const response = await fetch(`${url}/api/labels`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { id?: unknown };
  const ms = performance.now() - start;
  const labelId = response.ok && typeof json.id === 'number' ? json.id : undefined;
  return {
    annotator,
    key,
    candidateId: body.candidateId,
    value: body.value,
    status: response.status,
    labelId,
    ms,
  };
}

/** One run: `tokens.length` annotators, each labeling its share of candidates one request at a time. */
async function run(url: string, tokens: readonly (readonly [string, string])[], total: number) {
  const replies: Reply[] = [];
  const share = Math.floor(total / tokens.length);
  const start = performance.now();
  let timedOut = false;
  await Promise.all(
    tokens.map(async ([annotator, token], a) => {
      for (let k = 0; k < share; k++) {
        if (performance.now() - start > RUN_LIMIT_MS) {
          timedOut = true;
          return;
        }
        const i = (a * share + k) % POOL;
        const key = `${annotator}-${k}`;
        const tries = k % RETRY_EVERY === RETRY_EVERY - 1 ? 2 : 1;
        const sent = Array.from({ length: tries }, () => postLabel(url, token, annotator, i, key));
        replies.push(...(await Promise.all(sent)));
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const ms = replies.map((r) => r.ms);
  const result: RunResult = {
    created: replies.filter((r) => r.status === 201).length,
    requests: replies.length,
    seconds,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    failed: replies.filter((r) => r.status !== 200 && r.status !== 201).length,
    timedOut,
  };
  return { replies, result };
}

/** Every acknowledged label stored exactly once (the load test's check), read off the label export. */
async function checkExactlyOnce(url: string, adminToken: string, replies: readonly Reply[]): Promise<string> {
  const rows = (await call(url, 'GET', '/api/labels/export?format=json', { token: adminToken })).as(
    z.array(LabelExportRowSchema),
  );
  const acknowledged = replies.flatMap(({ annotator, key, candidateId, value, status, labelId }) => {
    if (labelId === undefined || (status !== 200 && status !== 201)) return [];
    return [{ annotator, idempotencyKey: key, candidateId, value, status, labelId } as const];
  });
  const found = exactlyOnce(acknowledged, rows);
  if (!found.ok) throw new Error(`labels not stored exactly once:\n${found.problems.join('\n')}`);
  return found.summary;
}

const loadAtStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const dataDir = mkdtempSync(join(tmpdir(), 'aift-bench-labels-'));
let orthanc: RunningOrthanc | undefined;
let server: TrainerProcess | undefined;
try {
  orthanc = await startOrthanc();
  await uploadPart10(orthanc, discStudy(POOL));

  // Tokens go into the store before the server opens it, as `setup` would create them.
  const store = openSqliteStore(join(dataDir, 'aift.sqlite'), { clock: () => new Date() });
  const token = (name: string, role: Role) => {
    const secret = randomBytes(24).toString('base64url');
    store.tokens.create({ name, role, secret }, { name: 'setup', role: 'admin' });
    return [name, secret] as const;
  };
  const admin = token('admin', 'admin')[1];
  const warmup = Array.from({ length: 10 }, (_, a) => token(`warmup-${a}`, 'annotator'));
  const teams = ANNOTATORS.map((n) =>
    Array.from({ length: REPETITIONS }, (_, rep) =>
      Array.from({ length: n }, (_, a) => token(`n${n}-r${rep}-a${a}`, 'annotator')),
    ),
  );
  store.close();

  server = await startTrainerProcess(
    {
      AIFT_DATA_DIR: dataDir,
      AIFT_DICOMWEB_URL: orthanc.dicomWebRoot,
      AIFT_PROJECT_CLASSES: CLASSES.join(','),
      AIFT_TRAINING_TRIGGER: 'manual',
      AIFT_LOG_LEVEL: 'info', // the production default: one log line per request
      AIFT_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    join(dataDir, 'server.log'),
  );
  const pool = await fetch(`${server.url}/api/pool`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  const registered = (await pool.json()) as { registered: number };
  if (registered.registered !== POOL) throw new Error(`registered ${JSON.stringify(registered)}`);

  const all: Reply[] = [];
  all.push(...(await run(server.url, warmup, 100)).replies);
  const rows: string[] = [];
  for (const [t, n] of ANNOTATORS.entries()) {
    const results: RunResult[] = [];
    for (const tokens of teams[t]!) {
      const { replies, result } = await run(server.url, tokens, LABELS_PER_RUN);
      all.push(...replies);
      results.push(result);
      console.log(`N=${n}: ${JSON.stringify(result)}`);
    }
    const of = (f: (r: RunResult) => number) => median(results.map(f));
    const rate = (perSecond: number) => Math.round(perSecond).toLocaleString('en');
    rows.push(
      `| ${n} | ${of((r) => r.created).toFixed(0)} | ${of((r) => r.requests).toFixed(0)} | ${rate(of((r) => r.created / r.seconds))} | ${rate(of((r) => r.requests / r.seconds))} | ${of((r) => r.p50).toFixed(1)} | ${of((r) => r.p99).toFixed(1)} | ${results.reduce((s, r) => s + r.failed, 0)} | ${results.filter((r) => r.timedOut).length} |`,
    );
  }
  const check = await checkExactlyOnce(server.url, admin, all);
  console.log(check);

  publish(
    'serverLabels',
    `# Trainer server: label ingestion over HTTP

Command: \`npm run bench -- serverLabels\`. The real server process (\`trainer-server/src/main.ts\` under tsx,
log level info, SQLite on disk with synchronous=FULL, rate limit raised to 1,000,000/min so that it does
not throttle the benchmark) on 127.0.0.1, a real Orthanc holding ${POOL} synthetic 16 x 16 instances
registered as candidates, training trigger manual. N annotators, each with its own API token, POST at
once, each one request at a time (as a viewer does); every ${RETRY_EVERY}th label is sent twice at once with
the same idempotency key (a client retrying while its first try is in flight: one 201, one 200 replay).
${LABELS_PER_RUN} new labels per run shared evenly by the N annotators (each labels distinct candidates), a
run stops after ${RUN_LIMIT_MS / 1000} s; the client runs in the benchmark process, the server in its own.
Medians over ${REPETITIONS} runs per N (new annotators each run), after a warm-up run of 100 labels.
Latency is client-side, from sending the POST to reading its JSON answer, over all requests of a run.

| N | new labels | requests | new labels/s | requests/s | p50 ms | p99 ms | non-2xx (all runs) | runs stopped by time |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Exactly once: ${check}.

Load average (1, 5, 15 min) at start: ${loadAtStart}; at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores, shared machine).`,
  );
} finally {
  await server?.stop();
  await orthanc?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
