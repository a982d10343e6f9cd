// The blind audit's reserved studies and its draws: uniform over what is reserved, unlabeled and free.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditUnit } from '../../../trainer-server/src/store/auditUnit.js';
import type { Store } from '../../../trainer-server/src/store/ports.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { admin, openTempStore, ref, seedCandidates, seedModel } from './support.js';

const MINUTE = 60_000;
const ALL = 1; // every study is reserved
const first = () => 0;

describe('AuditSampleStore', () => {
  it('draws nothing before any scores, then only scored cases of the ranking version', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 5);
    assert.equal(store.auditSample.drawAndLease('ana', MINUTE, ALL, first), null);
    seedModel(store, 'v1', ids.slice(0, 3));
    const counts: number[] = [];
    const drawn = [0, 1, 2].map(
      () =>
        store.auditSample.drawAndLease('ana', MINUTE, ALL, (count) => {
          counts.push(count);
          return count - 1;
        })?.candidateId,
    );
    assert.deepEqual(counts, [3, 2, 1], 'each draw is over what is left');
    assert.deepEqual(new Set(drawn), new Set(ids.slice(0, 3)));
    assert.equal(
      store.auditSample.drawAndLease('ana', MINUTE, ALL, first),
      null,
      'the scored pool is used up',
    );
    assert.equal(store.auditSample.count(), 3);
    assert.deepEqual(
      store.auditSample.list().map((m) => [m.candidateId, m.rankingVersion]),
      drawn.map((id) => [id, 'v1']),
    );
  });

  it('draws only from the studies below the share, whole studies, and the ranking never serves them', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 200); // 20 studies of 10
    seedModel(store, 'v1', ids);
    const share = 0.5;
    const reserved = new Set(ids.filter((_, i) => auditUnit(ref(i).studyInstanceUid) < share));
    assert.ok(reserved.size >= 50 && reserved.size <= 150, `${reserved.size} of 200 reserved`);
    assert.equal(reserved.size % 10, 0, 'a study was split');
    let eligible = 0;
    store.auditSample.drawAndLease('ana', MINUTE, share, (count) => {
      eligible = count;
      return 0;
    });
    assert.equal(eligible, reserved.size);
    const served = store.leases.leaseNext('ben', 200, MINUTE, { auditShare: share }).leases;
    assert.equal(served.length, 200 - reserved.size);
    assert.ok(
      served.every((l) => !reserved.has(l.candidateId)),
      'the ranking served a reserved study',
    );
    // A reserved case its reader already holds is renewed like any other.
    assert.equal(
      store.leases.leaseNext('ana', 1, MINUTE, { auditShare: share }).leases[0]?.candidateId,
      store.auditSample.list()[0]?.candidateId,
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
    const lease = store.auditSample.drawAndLease('ana', MINUTE, ALL, (count) => {
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
    assert.equal(store.auditSample.drawAndLease('ana', MINUTE, ALL, first)?.candidateId, ids[1]);
  });

  it('keeps a drawn case in the sample after its lease expires, and may draw it again, recorded once', () => {
    const { store, clock } = openTempStore();
    const ids = seedCandidates(store, 1);
    seedModel(store, 'v1', ids);
    const drawn = store.auditSample.drawAndLease('ana', MINUTE, ALL, first)!.candidateId;
    assert.equal(store.auditSample.drawAndLease('ben', MINUTE, ALL, first), null, 'ana holds it');
    clock.advance(2 * MINUTE);
    assert.equal(store.leases.active().length, 0);
    assert.ok(store.auditSample.has(drawn));
    assert.equal(store.auditSample.drawAndLease('ben', MINUTE, ALL, first)?.candidateId, drawn);
    assert.equal(store.auditSample.count(), 1);
    assert.equal(
      store.auditSample.list()[0]?.drawnAt.getTime(),
      clock.ms - 2 * MINUTE,
      'the first draw stays',
    );
  });

  it('refuses a pick outside the pool, a share outside [0, 1] and a bad annotator name, drawing nothing', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 2);
    seedModel(store, 'v1', ids);
    const draw = (annotator: string, share: number, pick: (count: number) => number) =>
      store.auditSample.drawAndLease(annotator, MINUTE, share, pick);
    assert.throws(() => draw('ana', ALL, () => 2), /pick must return an integer in \[0, 2\)/);
    assert.throws(() => draw('ana', ALL, () => 0.5), /pick must return an integer/);
    assert.throws(() => draw('ana', 1.5, first), /share must be a number in \[0, 1\]/);
    assert.throws(() => draw(' ana', ALL, first), /annotator must be/);
    assert.throws(() => store.leases.leaseNext('ana', 1, MINUTE, { auditShare: -1 }), /auditShare must be/);
    assert.equal(store.auditSample.count(), 0);
    assert.equal(store.leases.active().length, 0, 'a refused draw leased nothing');
  });

  it('keeps the sample, and each study’s unit, across a reopen of the file', () => {
    const { store, file, clock } = openTempStore();
    const ids = seedCandidates(store, 3);
    seedModel(store, 'v1', ids);
    const drawn = store.auditSample.drawAndLease('ana', MINUTE, ALL, first)!.candidateId;
    store.close();
    const reopened: Store = openSqliteStore(file, { clock: clock.now });
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
