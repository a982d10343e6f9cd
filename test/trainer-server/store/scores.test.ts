import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../../trainer-server/src/store/errors.js';
import type { CandidateScore } from '../../../trainer-server/src/store/ports.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { admin, openTempStore, score, seedCandidates, seedModel } from './support.js';

const N = 10_000;

describe('ScoreStore', () => {
  it('replaces 10,000 scores of a version in one transaction', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, N);
    seedModel(store, 'v1', ids.slice(0, 10)); // scores to be replaced
    const rows = ids.map((id, i) => ({
      ...score(id, i / N),
      predictedClass: i % 2 ? 'normal' : 'pneumonia',
    }));
    const start = performance.now();
    assert.equal(store.scores.replaceForVersion('v1', rows, admin), N);
    const ms = performance.now() - start;
    console.log(`replaced ${N} scores in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 5000, `bulk replace took ${ms.toFixed(0)} ms`);
    assert.equal(store.scores.count('v1'), N);
    // Worthiness i / N: every row but the first is above 0, half of them above 0.5.
    assert.equal(store.scores.countAbove('v1', 0), N - 1);
    assert.equal(store.scores.countAbove('v1', 0.5), N / 2 - 1);
    assert.equal(store.scores.countAbove('v2', 0), 0);
    assert.deepEqual(store.scores.get('v1', ids[9_999]!), rows[9_999]);
    const audit = store.audit.list({ action: 'scores.replace' });
    assert.deepEqual(audit.at(-1)?.details, { stored: N, removed: 10 });
  });

  it('keeps the previous scores when a row is bad, naming it, and audits nothing', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 100);
    seedModel(store, 'v1', ids);
    const before = store.audit.list().length;
    const rows: CandidateScore[] = ids.map((id, i) => score(id, i === 99 ? Number.NaN : 1));
    assert.throws(
      () => store.scores.replaceForVersion('v1', rows, admin),
      (e: unknown) => e instanceof RangeError && e.message.includes(`candidate ${ids[99]}: worthiness`),
    );
    const probability = ids.map((id) => ({ ...score(id, 1), probability: 1.5 }));
    assert.throws(
      () => store.scores.replaceForVersion('v1', probability, admin),
      /probability must be in \[0, 1\]/,
    );
    assert.throws(() => store.scores.replaceForVersion('v9', [], admin), NotFoundError);
    assert.equal(store.scores.count('v1'), 100);
    assert.equal(store.scores.get('v1', ids[0]!)?.worthiness, 0);
    assert.equal(store.audit.list().length, before);
  });

  it('leaves nothing of a replacement whose process is killed mid-transaction', () => {
    const { store, file, clock } = openTempStore();
    const ids = seedCandidates(store, 2000);
    seedModel(store, 'v1', ids);
    const auditBefore = store.audit.list();
    store.close();
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./crashDuringScoreReplace.ts', import.meta.url)),
        file,
        'v1',
        JSON.stringify(ids),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const reopened = openSqliteStore(file, { clock: clock.now });
    try {
      assert.equal(reopened.scores.count('v1'), 2000);
      assert.equal(reopened.scores.get('v1', ids[1999]!)?.worthiness, 1999);
      assert.deepEqual(reopened.audit.list(), auditBefore);
    } finally {
      reopened.close();
    }
  });
});
