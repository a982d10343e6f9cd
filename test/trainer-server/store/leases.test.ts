import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { admin, openTempStore, score, seedCandidates, seedModel } from './support.js';

const MINUTE = 60_000;

describe('LeaseStore', () => {
  it('hands out the most worthy candidates of the latest model, each to one annotator', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 10);
    seedModel(store, 'v1', ids, (i) => i); // ids[9] is the most worthy
    const ana = store.leases.leaseNext('ana', 3, MINUTE);
    assert.deepEqual(
      ana.map((l) => [l.candidateId, l.worthiness]),
      [
        [ids[9], 9],
        [ids[8], 8],
        [ids[7], 7],
      ],
    );
    const ben = store.leases.leaseNext('ben', 3, MINUTE);
    assert.deepEqual(
      ben.map((l) => l.candidateId),
      [ids[6], ids[5], ids[4]],
    );
    // A retried call renews what ana holds instead of locking more cases.
    assert.deepEqual(
      store.leases.leaseNext('ana', 3, MINUTE).map((l) => l.candidateId),
      ana.map((l) => l.candidateId),
    );
    assert.equal(store.leases.active().length, 6);
    assert.equal(store.leases.active('ben').length, 3);
  });

  it('follows the latest model version, including after a rollback', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 4);
    seedModel(store, 'v1', ids, (i) => i);
    seedModel(store, 'v2', ids, (i) => -i);
    assert.equal(store.leases.leaseNext('ana', 1, MINUTE)[0]?.candidateId, ids[0]);
    store.models.rollback('v1', admin);
    assert.equal(store.leases.leaseNext('ben', 1, MINUTE)[0]?.candidateId, ids[3]);
  });

  it('ranks by the parent until a new version’s scores are stored, so a retraining never empties the list', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 4);
    assert.equal(store.scores.rankingVersion(), null);
    seedModel(store, 'v1', ids, (i) => i);
    assert.equal(store.scores.rankingVersion(), 'v1');
    // v2 is registered (latest moves) but not scored yet: v1's scores still rank.
    store.models.register(
      { version: 'v2', parent: 'v1', sha256: 'b'.repeat(64), metrics: {}, modelCard: {} },
      admin,
    );
    assert.equal(store.models.latest()?.version, 'v2');
    assert.equal(store.scores.rankingVersion(), 'v1');
    assert.deepEqual(
      store.leases.leaseNext('ana', 2, MINUTE).map((l) => [l.candidateId, l.worthiness]),
      [
        [ids[3], 3],
        [ids[2], 2],
      ],
    );
    assert.deepEqual(
      store.leases.active('ana').map((l) => l.worthiness),
      [3, 2],
    );
    // Once v2's scores are stored they rank, and what ana holds is shown with v2's worthiness.
    store.scores.replaceForVersion(
      'v2',
      ids.map((id, i) => score(id, 10 - i)),
      admin,
    );
    assert.equal(store.scores.rankingVersion(), 'v2');
    assert.deepEqual(
      store.leases.active('ana').map((l) => [l.candidateId, l.worthiness]),
      [
        [ids[2], 8],
        [ids[3], 7],
      ],
    );
    // A version with no scored parent (a first cold start) ranks nothing until it is scored.
    const fresh = openTempStore().store;
    seedCandidates(fresh, 2);
    fresh.models.register(
      { version: 'v1', parent: null, sha256: 'c'.repeat(64), metrics: {}, modelCard: {} },
      admin,
    );
    assert.equal(fresh.scores.rankingVersion(), 'v1');
    assert.deepEqual(fresh.leases.leaseNext('ana', 2, MINUTE), []);
  });

  it("keeps an annotator's held cases first when a new model ranks them lower", () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 6);
    seedModel(store, 'v1', ids, (i) => 10 - i); // ids[0] and ids[1] are the best
    const held = store.leases.leaseNext('ana', 2, MINUTE).map((l) => l.candidateId);
    assert.deepEqual(held, [ids[0], ids[1]]);
    seedModel(store, 'v2', ids, (i) => i); // now they are the worst
    const again = store.leases.leaseNext('ana', 3, MINUTE).map((l) => l.candidateId);
    assert.deepEqual(again, [ids[1], ids[0], ids[5]], 'held first (by the new ranking), then the best free');
    assert.equal(store.leases.active('ana').length, 3);
  });

  it('skips what the annotator labeled; labeling releases the lease to others', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 3);
    seedModel(store, 'v1', ids, (i) => i);
    const [top] = store.leases.leaseNext('ana', 1, MINUTE);
    assert.deepEqual(store.leases.leaseNext('ben', 1, MINUTE)[0]?.candidateId, ids[1]);
    store.labels.record({
      candidateId: top!.candidateId,
      annotator: 'ana',
      value: 'skip',
      idempotencyKey: '1',
    });
    assert.deepEqual(store.leases.leaseNext('ana', 1, MINUTE)[0]?.candidateId, ids[0]);
    assert.deepEqual(
      store.leases.leaseNext('cem', 3, MINUTE).map((l) => l.candidateId),
      [ids[2]],
    );
  });

  it('returns an expired lease to the pool, by the injected clock', () => {
    const { store, clock } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids, (i) => i);
    const [lease] = store.leases.leaseNext('ana', 1, 10 * MINUTE);
    assert.equal(lease?.expiresAt.getTime(), clock.ms + 10 * MINUTE);
    clock.advance(10 * MINUTE - 1);
    assert.equal(store.leases.leaseNext('ben', 1, MINUTE)[0]?.candidateId, ids[0]);
    clock.advance(1);
    assert.deepEqual(store.leases.active('ana'), []);
    assert.deepEqual(
      store.leases.leaseNext('cem', 2, MINUTE).map((l) => l.candidateId),
      [ids[1]],
    );
  });

  it('releases only the caller’s leases', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids, (i) => i);
    store.leases.leaseNext('ana', 1, MINUTE);
    assert.equal(store.leases.release('ben', [ids[1]!]), 0);
    assert.equal(store.leases.release('ana', [ids[1]!, ids[0]!]), 1);
    assert.equal(store.leases.leaseNext('ben', 1, MINUTE)[0]?.candidateId, ids[1]);
  });

  it('has nothing to lease before a model is scored, and checks its arguments', () => {
    const { store } = openTempStore();
    seedCandidates(store, 2);
    assert.deepEqual(store.leases.leaseNext('ana', 5, MINUTE), []);
    assert.throws(() => store.leases.leaseNext('ana', 0, MINUTE), RangeError);
    assert.throws(() => store.leases.leaseNext('ana', 1, 0), RangeError);
    assert.throws(() => store.leases.leaseNext('', 1, MINUTE), RangeError);
  });

  it('never leases one candidate twice when two processes race on the same file', async () => {
    const { store, file } = openTempStore();
    const calls = 100;
    const batch = 2;
    const ids = seedCandidates(store, 2 * calls * batch);
    seedModel(store, 'v1', ids, (i) => i);
    const script = fileURLToPath(new URL('./leaseRace.ts', import.meta.url));
    const startAt = String(Date.now() + 2500);
    const run = (name: string) =>
      promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        script,
        file,
        name,
        startAt,
        String(calls),
        String(batch),
      ]);
    const results = (await Promise.all([run('p'), run('q')])).map(
      (r) => JSON.parse(r.stdout) as { leased: string[]; first: number; last: number },
    );
    const [p, q] = results as [(typeof results)[0], (typeof results)[0]];
    assert.ok(p.first < q.last && q.first < p.last, 'the two processes did not overlap in time');
    const all = [...p.leased, ...q.leased];
    assert.equal(new Set(all).size, all.length, 'a candidate was leased twice');
    assert.deepEqual([...all].sort(), [...ids].sort());
    assert.ok(p.leased.length > 0 && q.leased.length > 0);
    console.log(
      `race: p leased ${p.leased.length}, q leased ${q.leased.length}, overlap ${Math.min(p.last, q.last) - Math.max(p.first, q.first)} ms`,
    );
  });
});
