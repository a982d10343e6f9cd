// Issue 8's load at full size: N = 1, 10, 50 simulated annotators (test/reliability/annotatorLoad.ts) lease
// and label through the HTTP API of the real server process (main.ts: default backbone, SQLite on disk, a
// real Orthanc behind the pool) while it trains on its own trigger and re-scores the worklist. Each run
// starts a fresh server on a fresh data folder, so every run's checks (annotatorLoadChecks.ts) see only
// its own labels and leases.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../trainer-server/src/store/index.js';
import type { Role } from '../trainer-server/src/store/index.js';
import { startOrthanc, uploadPart10 } from '../test/support/orthanc.js';
import type { RunningOrthanc } from '../test/support/orthanc.js';
import Database from 'better-sqlite3';
import { TrainingStatusSchema } from '../trainer-server/src/api/schemas/index.js';
import type { TrainingJobDto } from '../trainer-server/src/api/schemas/index.js';
import { call } from '../test/trainer-server/api/support.js';
import { CLASSES, classOf, discStudy, idOf } from '../test/trainer-server/services/support.js';
import { runAnnotatorLoad } from '../test/reliability/annotatorLoad.js';
import type { LoadRun, RequestKind } from '../test/reliability/annotatorLoad.js';
import { checkAnnotatorLoad } from '../test/reliability/annotatorLoadChecks.js';
import type { Finding } from '../test/reliability/annotatorLoadChecks.js';
import { percentile } from './lib/percentile.js';
import { median, publish } from './lib/report.js';
import { startTrainerProcess } from './lib/trainerProcess.js';

const ANNOTATORS = [1, 10, 50] as const;
const POOL = Number(process.argv[2] ?? 300);
const REPETITIONS = Number(process.argv[3] ?? 3);
const RUN_LIMIT_MS = 20_000;
const TRIGGER = 16;
const BATCH = 4;
const KINDS: readonly RequestKind[] = ['worklist', 'label', 'release'];
const TRAINING_WAIT_MS = 10 * 60_000;
const COLD_START_TRIES = 3;

interface Measured {
  readonly run: LoadRun;
  readonly findings: readonly Finding[];
  readonly coldStartSeconds: number;
  readonly coldStartTries: number;
  /** The training jobs that started during the run (the cold start's are not counted). */
  readonly jobs: JobCounts;
}

interface JobCounts {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: readonly string[];
}

/** The jobs after the first `skip`, read from the server's SQLite file (read-only). */
function jobsByStatus(sqliteFile: string, skip = 0): JobCounts {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[number], { status: string; error: string | null }>(
        'SELECT status, error FROM training_jobs ORDER BY id LIMIT -1 OFFSET ?',
      )
      .all(skip);
    return {
      total: skip + rows.length,
      succeeded: rows.filter((r) => r.status === 'succeeded').length,
      failed: rows.filter((r) => r.status !== 'succeeded').map((r) => `${r.status}: ${r.error}`),
    };
  } finally {
    db.close();
  }
}

/** Waits until no training job runs; returns the newest job (whatever its outcome). */
async function idleTraining(url: string, admin: string): Promise<TrainingJobDto | null> {
  for (const end = Date.now() + TRAINING_WAIT_MS; Date.now() < end;) {
    const { job } = (await call(url, 'GET', '/api/training', { token: admin })).as(TrainingStatusSchema);
    if (job?.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`training still running after ${TRAINING_WAIT_MS} ms`);
}

const truth = new Map(Array.from({ length: POOL }, (_, i) => [idOf(i), classOf(i)]));

async function measure(orthanc: RunningOrthanc, n: number, rep: number): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aift-bench-load-'));
  try {
    // Tokens go into the store before the server opens it, as `setup` would create them.
    const store = openSqliteStore(join(dataDir, 'aift.sqlite'), { clock: () => new Date() });
    const token = (name: string, role: Role) => {
      const secret = randomBytes(24).toString('base64url');
      store.tokens.create({ name, role, secret }, { name: 'setup', role: 'admin' });
      return secret;
    };
    const admin = token('admin', 'admin');
    const annotators = Array.from({ length: n }, (_, a) => {
      const name = `n${n}-r${rep}-a${a}`;
      return { name, token: token(name, 'annotator') };
    });
    store.close();
    const server = await startTrainerProcess(
      {
        AIFT_DATA_DIR: dataDir,
        AIFT_DICOMWEB_URL: orthanc.dicomWebRoot,
        AIFT_PROJECT_CLASSES: CLASSES.join(','),
        AIFT_TRAINING_TRIGGER: String(TRIGGER),
        AIFT_LOG_LEVEL: 'info', // the production default: one log line per request
        AIFT_RATE_LIMIT_PER_MINUTE: '1000000',
      },
      join(dataDir, 'server.log'),
    );
    try {
      const pool = await call(server.url, 'POST', '/api/pool', { token: admin, body: {} });
      if (pool.status !== 200) throw new Error(`POST /api/pool: ${pool.status} ${pool.text}`);
      const started = performance.now();
      let coldStartTries = 0;
      for (let job = null as TrainingJobDto | null; job?.status !== 'succeeded';) {
        // Setup, not the measured part: a cold start that fails (the PACS dropped a connection while the
        // pool was fetched; no retry in the server yet) is started again, and the report counts it.
        if (++coldStartTries > COLD_START_TRIES) throw new Error(`cold start: ${job?.status}: ${job?.error}`);
        const cold = await call(server.url, 'POST', '/api/training/cold-start', { token: admin });
        if (cold.status !== 202) throw new Error(`cold start: ${cold.status} ${cold.text}`);
        job = await idleTraining(server.url, admin);
      }
      const coldStartSeconds = (performance.now() - started) / 1000;
      const coldStartJobs = jobsByStatus(join(dataDir, 'aift.sqlite')).total;
      const run = await runAnnotatorLoad({
        url: server.url,
        annotators,
        adminToken: admin,
        truthOf: (id) => truth.get(id) ?? 'unknown',
        classes: CLASSES,
        durationMs: RUN_LIMIT_MS,
        batch: BATCH,
      });
      await idleTraining(server.url, admin);
      const jobs = jobsByStatus(join(dataDir, 'aift.sqlite'), coldStartJobs);
      const findings = await checkAnnotatorLoad(run, {
        url: server.url,
        adminToken: admin,
        sqliteFile: join(dataDir, 'aift.sqlite'),
      });
      return { run, findings, coldStartSeconds, coldStartTries, jobs };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const msOf = (run: LoadRun, kind: RequestKind, p: number): number | undefined => {
  const ms = run.requests.filter((r) => r.kind === kind).map((r) => r.ms);
  return ms.length === 0 ? undefined : percentile(ms, p);
};
const created = (run: LoadRun) => run.labels.filter((l) => l.status === 201).length;
const fetches = (run: LoadRun) => run.requests.filter((r) => r.kind === 'worklist').length;
const serverErrors = (run: LoadRun) => run.requests.filter((r) => r.status >= 500 || r.status === 0).length;
const medianOf = (runs: readonly Measured[], f: (m: Measured) => number | undefined): string => {
  const values = runs.map(f).filter((v): v is number => v !== undefined);
  return values.length === 0 ? '–' : median(values).toFixed(1);
};
const rate = (value: number) => Math.round(value).toLocaleString('en');

const loadAtStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
let orthanc: RunningOrthanc | undefined;
try {
  orthanc = await startOrthanc();
  await uploadPart10(orthanc, discStudy(POOL));
  const rows: string[] = [];
  const checkRows: string[] = [];
  const coldStarts: number[] = [];
  let coldStartRetries = 0;
  for (const n of ANNOTATORS) {
    const runs: Measured[] = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const measured = await measure(orthanc, n, rep);
      runs.push(measured);
      coldStarts.push(measured.coldStartSeconds);
      coldStartRetries += measured.coldStartTries - 1;
      const { run, findings } = measured;
      console.log(
        `N=${n} run ${rep + 1}: ${created(run)} labels, ${fetches(run)} fetches in ${run.seconds.toFixed(1)} s, ${run.modelsPublished} models, training jobs ${measured.jobs.succeeded} succeeded ${JSON.stringify(measured.jobs.failed)} failed, ${serverErrors(run)} 5xx, cold start tries ${measured.coldStartTries}; ${findings.map((f) => f.summary).join('; ')}`,
      );
      for (const f of findings.filter((f) => !f.ok)) console.log(`${f.check}:\n  ${f.problems.join('\n  ')}`);
    }
    const percentiles = KINDS.map(
      (kind) =>
        `${medianOf(runs, (m) => msOf(m.run, kind, 50))} / ${medianOf(runs, (m) => msOf(m.run, kind, 99))}`,
    );
    rows.push(
      `| ${n} | ${medianOf(runs, (m) => created(m.run)).replace('.0', '')} | ${medianOf(runs, (m) => m.run.seconds)} | ${rate(median(runs.map((m) => created(m.run) / m.run.seconds)))} | ${rate(median(runs.map((m) => fetches(m.run) / m.run.seconds)))} | ${percentiles.join(' | ')} | ${runs.reduce((s, m) => s + serverErrors(m.run), 0)} | ${runs.map((m) => `${m.run.modelsPublished} / ${m.jobs.failed.length}`).join(', ')} | ${runs.map((m) => (m.run.finishedPool === n ? 'pool' : 'time')).join(', ')} |`,
    );
    for (const [i, check] of runs[0]!.findings.entries()) {
      const results = runs.map((m) => m.findings[i]!);
      const passed = results.filter((f) => f.ok).length;
      checkRows.push(
        `| ${n} | ${check.check} | ${passed}/${results.length} | ${results[results.length - 1]!.summary} |`,
      );
    }
  }

  publish(
    'annotatorLoad',
    `# Trainer server: annotators labeling at once while it trains

Command: \`npm run bench -- annotatorLoad\` (optional arguments: pool size, runs per N). The real server
process (\`trainer-server/src/main.ts\` under tsx: default nsfwjs MobileNetV2 backbone at 224 px, plan
\`dihedral\` (8 patches), log level info, SQLite on disk with synchronous=FULL, rate limit raised to
1,000,000/min) on 127.0.0.1, a real Orthanc holding ${POOL} synthetic 16 x 16 instances registered as
candidates, each read once (\`project.readsPerCase\` at its default, 1: a case with a class label is served to
nobody else; the pool's one study is not among those the blind audit reserves), training trigger
\`every ${TRIGGER}\` new consensus labels. Each run starts a fresh server on a
fresh data folder and publishes the cold start (k-center ranking of the pool; median
${median(coldStarts).toFixed(1)} s, not timed below; ${coldStartRetries} of ${coldStarts.length} had to be started again
because the server lost a PACS connection while fetching the pool) before the annotators start.

N simulated annotators (\`test/reliability/annotatorLoad.ts\`), each with its own token and one request in
flight, as the panel: \`GET /api/worklist?n=${BATCH}\` (leases), then \`POST /api/labels\` for every case held
(the true class, except that every 4th annotator calls a third of the cases the other class and every 5th
is unsure of one in seven; every 10th label is sent twice at once with the same idempotency key), every
7th batch gives its last case back (\`DELETE /api/worklist/leases\`); an empty worklist is asked again after
100 ms unless \`GET /api/progress\` says nothing is left. No think time: as fast as the server answers. A run
ends when every annotator is out of cases ("pool") or after ${RUN_LIMIT_MS / 1000} s ("time"; the batch in hand
is finished). Meanwhile the server trains on its own trigger, publishes, and re-scores the worklist
(models published during the run: \`model.published\` events on \`GET /api/events\`; failed jobs: the
training_jobs table, read-only, after the run). The clients run in
the benchmark process, the server in its own. Latency is client-side, from sending to reading the JSON
answer; rates are per run second. Medians over ${REPETITIONS} runs per N (the last three columns list each run).

| N | new labels | run s | new labels/s | worklist fetches/s | worklist p50 / p99 ms | label p50 / p99 ms | release p50 / p99 ms | 5xx (all runs) | models published / training jobs failed | ended by |
|---:|---:|---:|---:|---:|---|---|---|---:|---|---|
${rows.join('\n')}

Checks after each run (\`test/reliability/annotatorLoadChecks.ts\`; the summary is the last run's):

| N | check | passed | last run |
|---:|---|---|---|
${checkRows.join('\n')}

Load average (1, 5, 15 min) at start: ${loadAtStart}; at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores, shared machine).`,
  );
} finally {
  await orthanc?.stop();
}
