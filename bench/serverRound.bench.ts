// The interactive loop as a radiologist sees it, end to end on this CPU: from the POST of the b-th new label
// (b = 16, training trigger "every 16") to a new published model and a worklist ranked by it. The whole
// server (createServer: real Orthanc, SQLite, the default nsfwjs MobileNetV2 backbone at 224 px through
// onnxruntime-node, the plan "paper" thinned to 16 patches) over real HTTP on 127.0.0.1. The pool is first
// embedded once by the cold start (timed on its own); each round then reads the embedding cache.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TrainingStep } from '@aift/contract';
import { buildPlan, createRng, PLAN_PRESETS } from '@aift/selection-core';
import { ServerConfigSchema } from '../trainer-server/src/config/index.js';
import { createLogger } from '../trainer-server/src/http/index.js';
import { createServer } from '../trainer-server/src/server.js';
import type { TrainerServer } from '../trainer-server/src/server.js';
import type { ServiceEventName, ServiceEvents } from '../trainer-server/src/services/index.js';
import type { Role } from '../trainer-server/src/store/index.js';
import { startOrthanc, uploadPart10 } from '../test/support/orthanc.js';
import type { RunningOrthanc } from '../test/support/orthanc.js';
import { makePart10, TRANSFER_SYNTAX } from '../test/trainer-server/imaging/syntheticDicom.js';
import { GREY8 } from '../test/trainer-server/pacs/syntheticStudies.js';
import { median, publish } from './lib/report.js';

const POOL = Number(process.argv[2] ?? 2_000);
const B = 16;
const ROUNDS = 5;
const SIZE = 256;
const PER_STUDY = 100;
const PATCHES = 16;
const CLASSES = ['bright', 'dark'] as const;
const UPLOADERS = 4;
const WAIT_LIMIT_MS = 20 * 60_000;

const studyOf = (i: number) => `2.25.77${Math.floor(i / PER_STUDY)}`;
const sopOf = (i: number) => `${studyOf(i)}.1.${(i % PER_STUDY) + 1}`;
const classOf = (i: number) => CLASSES[i % 2]!;

/** A 256 x 256 8-bit frame: a bright or dark disc of varying size and place on a noisy vertical gradient. */
function discInstance(i: number): Uint8Array {
  const rng = createRng(i + 1);
  const r = 25 + rng.next() * 40;
  const cx = r + rng.next() * (SIZE - 2 * r);
  const cy = r + rng.next() * (SIZE - 2 * r);
  const disc = classOf(i) === 'bright' ? 200 : 40;
  const pixels = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      const value = (inside ? disc : 90 + (y * 60) / SIZE) + (rng.next() - 0.5) * 40;
      pixels[y * SIZE + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return makePart10(
    TRANSFER_SYNTAX.explicitLittle,
    {
      StudyInstanceUID: studyOf(i),
      StudyDate: '20250101',
      SeriesInstanceUID: `${studyOf(i)}.1`,
      SOPInstanceUID: sopOf(i),
      Modality: 'OT',
      ...GREY8,
      Rows: SIZE,
      Columns: SIZE,
    },
    pixels,
    'OB',
  );
}

/** Resolves with the first `event` whose payload passes `test`, stamped with performance.now(). */
function nextEvent<E extends ServiceEventName>(
  server: TrainerServer,
  event: E,
  test: (payload: ServiceEvents[E]) => boolean,
): Promise<{ at: number; payload: ServiceEvents[E] }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`no ${event} within ${WAIT_LIMIT_MS / 60_000} min`));
    }, WAIT_LIMIT_MS);
    const subscription = server.bus.subscribe(event, (payload) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve({ at: performance.now(), payload });
    });
  });
}

/** When each training step first reported, from now on. */
function stepTimes(server: TrainerServer): { times: Map<TrainingStep, number>; stop(): void } {
  const times = new Map<TrainingStep, number>();
  const subscription = server.bus.subscribe('training.progress', ({ step }) => {
    if (!times.has(step)) times.set(step, performance.now());
  });
  return { times, stop: () => subscription.unsubscribe() };
}

interface WorklistReply {
  readonly modelVersion: string | null;
  readonly items: readonly { candidateId: string; sopInstanceUid: string; predictedClass: string | null }[];
}

const loadAtStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const dataDir = mkdtempSync(join(tmpdir(), 'aift-bench-round-'));
let orthanc: RunningOrthanc | undefined;
let server: TrainerServer | undefined;
let http: Server | undefined;
try {
  orthanc = await startOrthanc();
  const uploadStart = performance.now();
  const next = { i: 0 };
  await Promise.all(
    Array.from({ length: UPLOADERS }, async () => {
      for (let i = next.i++; i < POOL; i = next.i++) await uploadPart10(orthanc!, [discInstance(i)]);
    }),
  );
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  console.log(`uploaded ${POOL} instances in ${uploadSeconds.toFixed(1)} s`);

  const config = ServerConfigSchema.parse({
    dataDir,
    logLevel: 'silent',
    dicomweb: { url: orthanc.dicomWebRoot },
    project: { classes: [...CLASSES] },
    selection: { planPreset: 'paper' },
    training: { trigger: 'every', consensusLabels: B },
  });
  const plan = buildPlan({ ...PLAN_PRESETS.paper, patches: PATCHES });
  server = await createServer(config, { logger: createLogger({ level: 'silent' }), plan, seed: 0 });
  const trainer = server;
  http = await new Promise<Server>((resolve, reject) => {
    const s = trainer.app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const token = (name: string, role: Role) => {
    const secret = randomBytes(24).toString('base64url');
    trainer.store.tokens.create({ name, role, secret }, { name: 'setup', role: 'admin' });
    return secret;
  };
  const admin = token('admin', 'admin');
  const alice = token('alice', 'annotator');
  const bob = token('bob', 'annotator');
  const api = async (method: string, path: string, secret: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${secret}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
    return { status: response.status, json };
  };

  const poolStart = performance.now();
  const registered = (await api('POST', '/api/pool', admin, {})).json as { registered: number };
  const poolSeconds = (performance.now() - poolStart) / 1000;
  if (registered.registered !== POOL) throw new Error(`registered ${JSON.stringify(registered)}`);

  // First-time embedding: the cold start embeds every candidate's 16 patches, then publishes v0001.
  const coldStart = performance.now();
  const coldPublished = nextEvent(trainer, 'model.published', () => true);
  const coldScored = nextEvent(trainer, 'worklist.changed', () => true);
  await api('POST', '/api/training/cold-start', admin);
  const coldEmbedSeconds = ((await coldPublished).at - coldStart) / 1000;
  const coldTotalSeconds = ((await coldScored).at - coldStart) / 1000;
  let version = (await coldPublished).payload.version;
  console.log(
    `cold start: embedding ${coldEmbedSeconds.toFixed(1)} s, scored after ${coldTotalSeconds.toFixed(1)} s`,
  );

  const sopClass = new Map(Array.from({ length: POOL }, (_, i) => [sopOf(i), classOf(i)]));
  interface Round {
    readonly post: number;
    readonly published: number;
    readonly scored: number;
    readonly worklist: number;
    readonly steps: Map<TrainingStep, number>;
  }
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const lease = (await api('GET', `/api/worklist?n=${B}`, alice)).json as WorklistReply;
    if (lease.modelVersion !== version || lease.items.length !== B) {
      throw new Error(`round ${r}: the worklist gave ${lease.items.length} cases of ${lease.modelVersion}`);
    }
    const label = (item: WorklistReply['items'][number]) =>
      api('POST', '/api/labels', alice, {
        candidateId: item.candidateId,
        value: sopClass.get(item.sopInstanceUid),
        idempotencyKey: `round-${r}-${item.candidateId}`,
      });
    for (const item of lease.items.slice(0, B - 1)) await label(item);
    const previous = version;
    const published = nextEvent(trainer, 'model.published', (p) => p.version !== previous);
    const scored = published.then(({ payload }) =>
      nextEvent(trainer, 'worklist.changed', (p) => p.modelVersion === payload.version),
    );
    const steps = stepTimes(trainer);
    const start = performance.now();
    const last = await label(lease.items[B - 1]!);
    const post = performance.now();
    if (last.status !== 201) throw new Error(`round ${r}: the ${B}th label answered ${last.status}`);
    const p = await published;
    const s = await scored;
    version = p.payload.version;
    let answer: WorklistReply;
    do answer = (await api('GET', `/api/worklist?n=${B}`, bob)).json as WorklistReply;
    while (answer.modelVersion !== version);
    const worklist = performance.now();
    steps.stop();
    if (answer.items.length === 0 || answer.items.some((item) => item.predictedClass === null)) {
      throw new Error(`round ${r}: the worklist of ${version} is not scored`);
    }
    await api('DELETE', '/api/worklist/leases', bob, {});
    const since = (t: number) => (t - start) / 1000;
    rounds.push({
      post: since(post),
      published: since(p.at),
      scored: since(s.at),
      worklist: since(worklist),
      steps: new Map([...steps.times].map(([step, t]) => [step, since(t)])),
    });
    const round = rounds.at(-1)!;
    console.log(
      `round ${r + 1} -> ${version}: ${JSON.stringify({ ...round, steps: Object.fromEntries(round.steps) })}`,
    );
  }

  const of = (f: (r: Round) => number) => median(rounds.map(f)).toFixed(2);
  const step = (name: TrainingStep) => of((r) => r.steps.get(name) ?? Number.NaN);
  publish(
    'serverRound',
    `# Trainer server: from the ${B}th new label to a new model and a rescored worklist

Command: \`npm run bench -- serverRound\`. The whole server in the benchmark process (\`createServer\`, HTTP
on 127.0.0.1, SQLite on disk, a real Orthanc), CPU only: the default backbone (nsfwjs MobileNetV2, 224 px,
1280-d, onnxruntime-node), linear head, default training options, continual strategy LQ, the blind audit at
its defaults (its cases are labeled like the rest and measure each version). Pool: ${POOL.toLocaleString('en')} synthetic 8-bit ${SIZE} x ${SIZE} instances (a bright or dark disc on a noisy
gradient; ${Math.ceil(POOL / PER_STUDY)} studies) x ${PATCHES} patches: the plan \`paper\` (24 patches) thinned to ${PATCHES}
with \`buildPlan({ ...PLAN_PRESETS.paper, patches: ${PATCHES} })\`, passed as \`createServer\`'s \`plan\` (the
configuration file only names whole presets: \`paper\` = 24, \`dihedral\` = 8). Training trigger \`every ${B}\`.

First-time embedding (the cold start job: fetch all ${POOL.toLocaleString('en')} frames over DICOMweb, render and embed
${(POOL * PATCHES).toLocaleString('en')} patches into the on-disk cache, then publish v0001): **${coldEmbedSeconds.toFixed(0)} s**
to \`model.published\` (${((POOL * PATCHES) / coldEmbedSeconds).toFixed(0)} patches/s), ${coldTotalSeconds.toFixed(0)} s to its scored worklist. Uploading
the pool to Orthanc took ${uploadSeconds.toFixed(0)} s and \`POST /api/pool\` ${poolSeconds.toFixed(1)} s (neither is in any figure below).

Each round: annotator A leases ${B} cases (\`GET /api/worklist\`) and labels them with their true class; the
clock starts when the ${B}th label's POST is sent. Times are read off the server's EventBus (the same events
\`GET /api/events\` forwards); "worklist answers" is annotator B's \`GET /api/worklist\` first answering with
the new version and every item scored. Medians of ${ROUNDS} rounds, in seconds from the ${B}th label's POST:

| milestone | at (s) | phase since the previous milestone |
|---|---:|---|
| ${B}th label acknowledged (201); the job starts | ${of((r) => r.post)} | |
| job reports fine-tuning | ${step('fine-tune')} | collect labels, read the labeled and the unlabeled pool's embeddings from the cache (${(POOL * PATCHES).toLocaleString('en')} files) |
| job reports export + publish | ${step('publish')} | fine-tune the head (LQ) |
| \`model.published\` | **${of((r) => r.published)}** | audited metrics (bootstrap intervals), ONNX export, write and register the version |
| \`worklist.changed\` | ${of((r) => r.scored)} | rescore the unlabeled pool (cache reads again, head predictions, strategy), store the scores |
| \`GET /api/worklist\` answers with the new version's scores | **${of((r) => r.worklist)}** | |

Per round (model.published / worklist answers, s): ${rounds.map((r) => `${r.published.toFixed(2)} / ${r.worklist.toFixed(2)}`).join('; ')}.

Load average (1, 5, 15 min) at start: ${loadAtStart}; at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores, shared machine).`,
  );
} finally {
  const open = http;
  if (open) {
    open.closeAllConnections();
    await new Promise<void>((resolve) => open.close(() => resolve()));
  }
  await server?.close();
  await orthanc?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
