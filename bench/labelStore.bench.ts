// What the SQLite store costs on the paths a radiologist waits on: storing a label (one transaction and one
// fsync each, as the server does per request), asking for the next cases, and replacing a pool's scores
// after a new model. Real files in a temp folder; synchronous=FULL, as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidateId } from '../trainer-server/src/store/candidateId.js';
import type { CandidateRef, CandidateScore, Store } from '../trainer-server/src/store/ports.js';
import { openSqliteStore } from '../trainer-server/src/store/sqlite/openSqliteStore.js';
import { median, publish, timeRuns } from './lib/report.js';

const RUNS = 7;
const POOL = 10_000;
const LABELS_PER_RUN = 500;
const LEASE_CALLS_PER_RUN = 20;
const admin = { name: 'bench', role: 'admin' } as const;

const ref = (i: number): CandidateRef => ({
  studyInstanceUid: `1.2.3.${Math.floor(i / 100)}`,
  seriesInstanceUid: `1.2.3.${Math.floor(i / 100)}.1`,
  sopInstanceUid: `1.2.3.${Math.floor(i / 100)}.1.${i}`,
  frame: 1,
  modality: 'CR',
});
const scores = (ids: readonly string[], version: number): CandidateScore[] =>
  ids.map((id, i) => ({
    candidateId: id,
    worthiness: Math.sin(i * 12.9898 + version) * 0.5 + 0.5,
    entropy: 0.5,
    diversity: 0.2,
    predictedClass: i % 2 ? 'normal' : 'pneumonia',
    probability: 0.6,
  }));

const loadAtStart = loadavg()[0]!.toFixed(1);
const dir = mkdtempSync(join(tmpdir(), 'aift-bench-store-'));
let clockMs = Date.parse('2026-11-25T12:00:00.000Z');
const store: Store = openSqliteStore(join(dir, 'bench.sqlite'), { clock: () => new Date(clockMs) });
try {
  const refs = Array.from({ length: POOL }, (_, i) => ref(i));
  store.candidates.registerMany(refs);
  const ids = refs.map((r) => candidateId(r));
  store.models.register(
    { version: 'v1', parent: null, sha256: 'a'.repeat(64), metrics: {}, modelCard: {} },
    admin,
  );
  let version = 0;
  const replaceMs = timeRuns(() => store.scores.replaceForVersion('v1', scores(ids, ++version), admin), RUNS);

  let labelRun = 0;
  const labelMs = timeRuns(() => {
    labelRun++;
    for (let i = 0; i < LABELS_PER_RUN; i++) {
      const candidate = ids[(labelRun * LABELS_PER_RUN + i) % POOL]!;
      store.labels.record({
        candidateId: candidate,
        annotator: `r${labelRun}`,
        value: 'normal',
        idempotencyKey: `k${i}`,
      });
    }
  }, RUNS);
  const retryMs = timeRuns(() => {
    for (let i = 0; i < LABELS_PER_RUN; i++) {
      store.labels.record({
        candidateId: ids[LABELS_PER_RUN + i]!,
        annotator: 'r1',
        value: 'normal',
        idempotencyKey: `k${i}`,
      });
    }
  }, RUNS);

  // Each call leases 5 cases to a new annotator, stepping over the leases the run's earlier calls took; each
  // run starts after the previous run's leases have expired. A run's figure is the median call.
  let caller = 0;
  const leaseMs = Array.from({ length: RUNS }, () => {
    clockMs += 3_600_000; // the previous run's leases expire
    return median(timeRuns(() => store.leases.leaseNext(`a${++caller}`, 5, 600_000), LEASE_CALLS_PER_RUN, 0));
  });
  const consensusMs = timeRuns(() => store.consensus.counts(), RUNS);

  const perSecond = (ms: number) => Math.round((LABELS_PER_RUN / ms) * 1000).toLocaleString('en');
  publish(
    'labelStore',
    `# SQLite store: labels, worklist leases, score replacement

Pool of ${POOL.toLocaleString('en')} scored candidates in a WAL file in os.tmpdir() with synchronous=FULL (every label is one
transaction and one fsync). Medians of ${RUNS} runs after one warm-up. Command: \`npm run bench -- labelStore\`. Load average at
start: ${loadAtStart} on a shared machine; the fsync-bound figures move with it.

| operation | median |
|---|---:|
| label insert, one transaction each (${LABELS_PER_RUN} per run) | ${perSecond(median(labelMs))} labels/s |
| retried label (same idempotency key: read, nothing written) | ${perSecond(median(retryMs))} labels/s |
| leaseNext(annotator, 5, ttl), median call, over ${POOL.toLocaleString('en')} scored candidates | ${median(leaseMs).toFixed(2)} ms |
| replace ${POOL.toLocaleString('en')} scores of a version (one transaction, prepared insert) | ${median(replaceMs).toFixed(0)} ms |
| consensus counts over ${store.consensus.counts().labeled.toLocaleString('en')} labeled candidates | ${median(consensusMs).toFixed(1)} ms |`,
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
