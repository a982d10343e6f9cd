import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import type { LeaseOptions, Store } from '../../../trainer-server/src/store/ports.js';
import { admin, annotator, openTempStore, score, seedCandidates, seedModel } from './support.js';

const MINUTE = 60_000;
const DOUBLE = { readsPerCase: 2 } as const;

let keys = 0;
/** Stores `who`'s label on a case, whether or not they hold it (a label is never refused for the cap). */
const label = (store: Store, candidateId: string, who: string, value: string) =>
  store.labels.record({ candidateId, annotator: who, value, idempotencyKey: `k${++keys}` }).label;

const idsFor = (store: Store, who: string, n: number, options: LeaseOptions = {}) =>
  store.leases.leaseNext(who, n, MINUTE, options).leases.map((l) => l.candidateId);

describe('LeaseStore', () => {
  it('hands out the most worthy candidates of the latest model, each to one annotator', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 10);
    seedModel(store, 'v1', ids, (i) => i); // ids[9] is the most worthy
    const ana = store.leases.leaseNext('ana', 3, MINUTE).leases;
    assert.deepEqual(
      ana.map((l) => [l.candidateId, l.worthiness]),
      [
        [ids[9], 9],
        [ids[8], 8],
        [ids[7], 7],
      ],
    );
    const ben = store.leases.leaseNext('ben', 3, MINUTE).leases;
    assert.deepEqual(
      ben.map((l) => l.candidateId),
      [ids[6], ids[5], ids[4]],
    );
    // A retried call renews what ana holds instead of locking more cases.
    assert.deepEqual(
      store.leases.leaseNext('ana', 3, MINUTE).leases.map((l) => l.candidateId),
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
    assert.equal(store.leases.leaseNext('ana', 1, MINUTE).leases[0]?.candidateId, ids[0]);
    store.models.rollback('v1', admin);
    assert.equal(store.leases.leaseNext('ben', 1, MINUTE).leases[0]?.candidateId, ids[3]);
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
      store.leases.leaseNext('ana', 2, MINUTE).leases.map((l) => [l.candidateId, l.worthiness]),
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
    assert.deepEqual(fresh.leases.leaseNext('ana', 2, MINUTE).leases, []);
  });

  it("keeps an annotator's held cases first when a new model ranks them lower", () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 6);
    seedModel(store, 'v1', ids, (i) => 10 - i); // ids[0] and ids[1] are the best
    const held = store.leases.leaseNext('ana', 2, MINUTE).leases.map((l) => l.candidateId);
    assert.deepEqual(held, [ids[0], ids[1]]);
    seedModel(store, 'v2', ids, (i) => i); // now they are the worst
    const again = store.leases.leaseNext('ana', 3, MINUTE).leases.map((l) => l.candidateId);
    assert.deepEqual(again, [ids[1], ids[0], ids[5]], 'held first (by the new ranking), then the best free');
    assert.equal(store.leases.active('ana').length, 3);
  });

  it('skips what the annotator labeled; labeling releases the lease to others', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 3);
    seedModel(store, 'v1', ids, (i) => i);
    const [top] = store.leases.leaseNext('ana', 1, MINUTE).leases;
    assert.deepEqual(store.leases.leaseNext('ben', 1, MINUTE).leases[0]?.candidateId, ids[1]);
    store.labels.record({
      candidateId: top!.candidateId,
      annotator: 'ana',
      value: 'skip',
      idempotencyKey: '1',
    });
    assert.deepEqual(store.leases.leaseNext('ana', 1, MINUTE).leases[0]?.candidateId, ids[0]);
    assert.deepEqual(
      store.leases.leaseNext('cem', 3, MINUTE).leases.map((l) => l.candidateId),
      [ids[2]],
    );
  });

  it('returns an expired lease to the pool, by the injected clock', () => {
    const { store, clock } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids, (i) => i);
    const [lease] = store.leases.leaseNext('ana', 1, 10 * MINUTE).leases;
    assert.equal(lease?.expiresAt.getTime(), clock.ms + 10 * MINUTE);
    clock.advance(10 * MINUTE - 1);
    assert.equal(store.leases.leaseNext('ben', 1, MINUTE).leases[0]?.candidateId, ids[0]);
    clock.advance(1);
    assert.deepEqual(store.leases.active('ana'), []);
    assert.deepEqual(
      store.leases.leaseNext('cem', 2, MINUTE).leases.map((l) => l.candidateId),
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
    assert.equal(store.leases.leaseNext('ben', 1, MINUTE).leases[0]?.candidateId, ids[1]);
  });

  it('has nothing to lease before a model is scored, and checks its arguments', () => {
    const { store } = openTempStore();
    seedCandidates(store, 2);
    assert.deepEqual(store.leases.leaseNext('ana', 5, MINUTE).leases, []);
    assert.throws(() => store.leases.leaseNext('ana', 0, MINUTE), RangeError);
    assert.throws(() => store.leases.leaseNext('ana', 1, 0), RangeError);
    assert.throws(() => store.leases.leaseNext('', 1, MINUTE), RangeError);
    for (const readsPerCase of [0, 1.5, -1, Number.NaN])
      assert.throws(() => store.leases.leaseNext('ana', 1, MINUTE, { readsPerCase }), /readsPerCase/);
  });

  it('reports the version whose scores ranked the leases, read in their transaction', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 4);
    assert.deepEqual(store.leases.leaseNext('ana', 2, MINUTE), { leases: [], rankingVersion: null });
    seedModel(store, 'v0001', ids, (i) => i);
    // v0002 is latest, but until its scores are stored v0001's rank: the reply must name v0001.
    store.models.register(
      { version: 'v0002', parent: 'v0001', sha256: 'b'.repeat(64), metrics: {}, modelCard: {} },
      admin,
    );
    const early = store.leases.leaseNext('ana', 1, MINUTE);
    assert.equal(early.rankingVersion, 'v0001');
    assert.deepEqual(
      early.leases.map((l) => [l.candidateId, l.worthiness]),
      [[ids[3], 3]],
    );
    store.scores.replaceForVersion(
      'v0002',
      ids.map((id, i) => score(id, 10 + i)),
      admin,
    );
    const late = store.leases.leaseNext('ben', 1, MINUTE);
    assert.equal(late.rankingVersion, 'v0002');
    assert.deepEqual(
      late.leases.map((l) => [l.candidateId, l.worthiness]),
      [[ids[2], 12]],
    );
  });

  it('with readsPerCase 2, serves a case read by two annotators to no third; without it, to everyone', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 3);
    seedModel(store, 'v1', ids, (i) => i); // ids[2] is the most worthy
    const top = ids[2]!;
    assert.deepEqual(idsFor(store, 'ana', 1, DOUBLE), [top]);
    label(store, top, 'ana', 'normal');
    assert.deepEqual(idsFor(store, 'ben', 1, DOUBLE), [top], 'one read: it still needs a second reader');
    label(store, top, 'ben', 'abnormal');
    assert.deepEqual(idsFor(store, 'cem', 3, DOUBLE), [ids[1], ids[0]], 'a third reader was served it');
    assert.deepEqual(idsFor(store, 'dan', 3, { readsPerCase: 3 }), [top], 'a cap of 3 wants a third');
    assert.deepEqual(idsFor(store, 'eve', 1), [], 'everything is held');
    store.leases.release('dan', [top]);
    assert.deepEqual(idsFor(store, 'eve', 1), [top], 'no cap: served as before');
  });

  it('counts only current class votes as reads: skip, unsure, retracted and repeated labels do not', () => {
    const { store } = openTempStore();
    const [only] = seedCandidates(store, 1);
    seedModel(store, 'v1', [only!]);
    label(store, only!, 'ana', 'skip');
    label(store, only!, 'ben', 'unsure');
    label(store, only!, 'cem', 'normal');
    label(store, only!, 'cem', 'abnormal'); // cem changed their mind: still one reader
    store.labels.retract(label(store, only!, 'dan', 'normal').id, annotator('dan'));
    label(store, only!, 'eve', 'normal');
    label(store, only!, 'eve', 'skip'); // eve's latest answer abstains
    assert.deepEqual(idsFor(store, 'fay', 1, DOUBLE), [only], 'cem alone has read it');
    store.leases.release('fay', [only!]);
    label(store, only!, 'gil', 'normal');
    assert.deepEqual(idsFor(store, 'hal', 1, DOUBLE), [], 'cem and gil have read it');
    assert.deepEqual(idsFor(store, 'hal', 1), [only], 'no cap: served as before');
  });

  it('lets the holder keep a case others completed meanwhile, and stores their label beyond the cap', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids, (i) => i);
    const top = ids[1]!;
    assert.deepEqual(idsFor(store, 'ana', 1, DOUBLE), [top]);
    // Two late labels (from readers whose leases had run out) complete the case while ana holds it.
    label(store, top, 'ben', 'normal');
    label(store, top, 'cem', 'normal');
    assert.deepEqual(idsFor(store, 'ana', 2, DOUBLE), [top, ids[0]], 'the case on her screen was taken away');
    assert.deepEqual(idsFor(store, 'dan', 2, DOUBLE), [], 'a new reader was served a finished case');
    const third = label(store, top, 'ana', 'abnormal');
    assert.equal(store.labels.get(third.id)?.value, 'abnormal');
    assert.deepEqual(store.consensus.of(top).votes, { normal: 2, abnormal: 1 });
    // Once released (or expired), a finished case is nobody's, not even its former holder's.
    store.leases.release('ana', [ids[0]!]);
    label(store, ids[0]!, 'ben', 'normal');
    label(store, ids[0]!, 'cem', 'normal');
    assert.deepEqual(idsFor(store, 'ana', 2, DOUBLE), []);
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
