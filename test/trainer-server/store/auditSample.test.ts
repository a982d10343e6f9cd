// The blind audit sample's draws: uniform over the unlabeled pool the worklist serves from, each case once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { admin, openTempStore, seedCandidates, seedModel } from './support.js';

const MINUTE = 60_000;
const first = () => 0;

describe('AuditSampleStore', () => {
  it('draws nothing before any scores, then only scored cases of the ranking version', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 5);
    assert.equal(store.auditSample.drawAndLease('ana', MINUTE, first), null);
    seedModel(store, 'v1', ids.slice(0, 3));
    const counts: number[] = [];
    const drawn = [0, 1, 2].map(
      () =>
        store.auditSample.drawAndLease('ana', MINUTE, (count) => {
          counts.push(count);
          return count - 1;
        })?.candidateId,
    );
    assert.deepEqual(counts, [3, 2, 1], 'each draw is over what is left');
    assert.deepEqual(new Set(drawn), new Set(ids.slice(0, 3)));
    assert.equal(store.auditSample.drawAndLease('ana', MINUTE, first), null, 'the scored pool is used up');
    assert.equal(store.auditSample.count(), 3);
    assert.deepEqual(
      store.auditSample.list().map((m) => [m.candidateId, m.rankingVersion]),
      drawn.map((id) => [id, 'v1']),
    );
  });

  it('leaves out labeled, adjudicated and leased cases; a skipped-then-retracted case is eligible again', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 5);
    seedModel(store, 'v1', ids);
    store.labels.record({ candidateId: ids[0]!, annotator: 'ben', value: 'normal', idempotencyKey: 'a' });
    const skipped = store.labels.record({
      candidateId: ids[1]!,
      annotator: 'ben',
      value: 'skip',
      idempotencyKey: 'b',
    });
    store.consensus.adjudicate(ids[2]!, 'normal', admin);
    store.leases.leaseNext('ben', 1, MINUTE); // takes the most worthy: ids[4]
    let eligible = 0;
    const lease = store.auditSample.drawAndLease('ana', MINUTE, (count) => {
      eligible = count;
      return 0;
    });
    assert.equal(eligible, 1);
    assert.equal(lease?.candidateId, ids[3]);
    assert.equal(lease?.annotator, 'ana');
    assert.deepEqual(
      store.leases.active('ana').map((l) => l.candidateId),
      [ids[3]],
      'the draw is leased to its reader',
    );
    store.labels.retract(skipped.label.id, admin);
    assert.equal(store.auditSample.drawAndLease('ana', MINUTE, first)?.candidateId, ids[1]);
  });

  it('keeps a drawn case in the sample after its lease expires, and never draws it twice', () => {
    const { store, clock } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids);
    const drawn = store.auditSample.drawAndLease('ana', MINUTE, first)!.candidateId;
    clock.advance(2 * MINUTE);
    assert.equal(store.leases.active().length, 0);
    assert.ok(store.auditSample.has(drawn));
    const next = store.auditSample.drawAndLease('ben', MINUTE, first);
    assert.notEqual(next?.candidateId, drawn);
    assert.equal(store.auditSample.drawAndLease('ben', MINUTE, first), null);
  });

  it('refuses a pick outside the pool and a bad annotator name, drawing nothing', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids);
    assert.throws(
      () => store.auditSample.drawAndLease('ana', MINUTE, () => 2),
      /pick must return an integer in \[0, 2\)/,
    );
    assert.throws(
      () => store.auditSample.drawAndLease('ana', MINUTE, () => 0.5),
      /pick must return an integer/,
    );
    assert.throws(() => store.auditSample.drawAndLease(' ana', MINUTE, first), /annotator must be/);
    assert.equal(store.auditSample.count(), 0);
    assert.equal(store.leases.active().length, 0, 'a refused draw leased nothing');
  });

  it('keeps the sample across a reopen of the file', () => {
    const { store, file, clock } = openTempStore();
    const ids = seedCandidates(store, 3);
    seedModel(store, 'v1', ids);
    const drawn = store.auditSample.drawAndLease('ana', MINUTE, first)!.candidateId;
    store.close();
    const reopened = openSqliteStore(file, { clock: clock.now });
    try {
      assert.deepEqual(
        reopened.auditSample.list().map((m) => m.candidateId),
        [drawn],
      );
    } finally {
      reopened.close();
    }
  });
});
