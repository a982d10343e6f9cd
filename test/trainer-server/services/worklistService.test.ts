// The worklist an annotator sees: ACFT's randomised batch (omega > 1) over the latest scores, without ever
// taking back a case the annotator holds (the one on their screen) when the list is fetched again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '@aift/selection-core';
import { WorklistService } from '../../../trainer-server/src/services/WorklistService.js';
import { candidateId } from '../../../trainer-server/src/store/candidateId.js';
import type { Store } from '../../../trainer-server/src/store/ports.js';
import { auditUnit } from '../../../trainer-server/src/store/auditUnit.js';
import { admin, openTempStore, ref, seedCandidates, seedModel, T0 } from '../store/support.js';

const ids = (leases: readonly { candidateId: string }[]) => leases.map((l) => l.candidateId);

/** Case i in a study of its own, so that the audit may reserve it alone. */
const studyUid = (i: number) => `1.2.826.0.1.3680043.8.498.9.${i}`;
function seedStudies(store: Store, n: number): string[] {
  const refs = Array.from({ length: n }, (_, i) => ({ ...ref(i), studyInstanceUid: studyUid(i) }));
  store.candidates.registerMany(refs);
  return refs.map((r) => candidateId(r));
}

let keys = 0;
const label = (store: Store, candidateId: string, annotator: string, value = 'normal') =>
  store.labels.record({ candidateId, annotator, value, idempotencyKey: `k${++keys}` });

describe('WorklistService', () => {
  it('keeps the cases an annotator holds across fetches and rescorings, drawing only the free slots', () => {
    const { store } = openTempStore();
    const all = seedCandidates(store, 40);
    seedModel(store, 'v1', all, (i) => 40 - i);
    const worklist = new WorklistService({ store, rng: createRng(3), omega: 3 });
    const first = ids(worklist.next('ana', 4).leases);
    assert.equal(first.length, 4);
    for (let round = 0; round < 5; round++) {
      assert.deepEqual(
        new Set(ids(worklist.next('ana', 4).leases)),
        new Set(first),
        `fetch ${round} changed the list`,
      );
    }
    seedModel(store, 'v2', all, (i) => (first.includes(all[i]!) ? 0 : i)); // ana's cases fall to the bottom
    assert.deepEqual(
      new Set(ids(worklist.next('ana', 4).leases)),
      new Set(first),
      'a rescoring took a held case away',
    );
    assert.deepEqual(
      new Set(ids(worklist.active('ana'))),
      new Set(first),
      'surplus leases were not released',
    );
    const more = ids(worklist.next('ana', 6).leases);
    assert.equal(more.length, 6);
    assert.deepEqual(more.slice(0, 4).sort(), [...first].sort(), 'held cases come first');
    assert.ok(
      !ids(worklist.next('ben', 30).leases).some((id) => more.includes(id)),
      "ben was served ana's cases",
    );
    const fewer = ids(worklist.next('ana', 2).leases);
    assert.equal(fewer.length, 2);
    assert.equal(worklist.active('ana').length, 6, 'a smaller fetch released cases ana holds');
  });

  it('reserves a case for leaseTtlMs (what selection.leaseMinutes sets), then frees it', () => {
    const { store, clock } = openTempStore();
    const all = seedCandidates(store, 3);
    seedModel(store, 'v1', all);
    const worklist = new WorklistService({ store, rng: createRng(3), leaseTtlMs: 5 * 60_000 });
    const [lease] = worklist.next('ana', 1).leases;
    assert.ok(lease);
    assert.equal(lease.expiresAt.getTime(), T0 + 5 * 60_000);
    clock.advance(5 * 60_000 - 1);
    assert.ok(!ids(worklist.next('ben', 3).leases).includes(lease.candidateId), 'freed before its time');
    clock.advance(1);
    assert.deepEqual(ids(worklist.active('ana')), [], 'still held after its time');
    assert.ok(ids(worklist.next('ben', 3).leases).includes(lease.candidateId), 'not served again once free');
  });

  it('serves a case to at most readsPerCase readers, and names the version that ranked it', () => {
    const { store } = openTempStore();
    const [c0, c1, c2, c3] = seedCandidates(store, 4) as [string, string, string, string];
    seedModel(store, 'v1', [c0, c1, c2, c3], (i) => 4 - i); // c0 is the most worthy
    // v2 is registered but not scored yet: v1's scores rank, and the batch must say so.
    store.models.register(
      { version: 'v2', parent: 'v1', sha256: 'b'.repeat(64), metrics: {}, modelCard: {} },
      admin,
    );
    const doubleRead = new WorklistService({ store, rng: createRng(3), omega: 1, readsPerCase: 2 });
    const uncapped = new WorklistService({ store, rng: createRng(3), omega: 1 });
    const forAna = doubleRead.next('ana', 1);
    assert.equal(forAna.rankingVersion, 'v1');
    assert.deepEqual(ids(forAna.leases), [c0]);
    label(store, c0, 'ana');
    assert.deepEqual(ids(doubleRead.next('ben', 1).leases), [c0], 'a second reader is still wanted');
    label(store, c0, 'ben', 'abnormal');
    assert.deepEqual(
      ids(doubleRead.next('cem', 1).leases),
      [c1],
      'a third reader was served the double-read case',
    );
    assert.deepEqual(ids(uncapped.next('dan', 1).leases), [c0], 'without the setting, every reader gets it');
    // cem's case is completed by two late labels while on cem's screen: it stays cem's, nobody new gets it.
    label(store, c1, 'ana');
    label(store, c1, 'ben');
    assert.deepEqual(ids(doubleRead.next('cem', 2).leases), [c1, c2]);
    assert.deepEqual(ids(doubleRead.next('eve', 4).leases), [c3]);
    assert.equal(label(store, c1, 'cem').created, true, 'a label beyond the cap was refused');
    assert.deepEqual(store.consensus.of(c1).votes, { normal: 3 });
  });

  it('serves blind audit cases at the policy’s rate, uniformly from the reserved studies, placed by worthiness', () => {
    const { store } = openTempStore();
    const all = seedStudies(store, 400); // one study each
    seedModel(store, 'v1', all, (i) => i); // worthiness = index: the worklist alone serves the top
    const policy = { rate: 0.1, warmupCases: 10, warmupRate: 0.4 };
    const reserved = new Set(all.filter((_, i) => auditUnit(studyUid(i)) < policy.rate));
    const worklist = new WorklistService({
      store,
      rng: createRng(11),
      omega: 1,
      readsPerCase: 1,
      audit: policy,
    });
    const served: { id: string; audit: boolean; served: number }[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const { leases } = worklist.next(`reader${batch % 3}`, 8);
      assert.equal(leases.length, 8);
      const shown = leases.map((l) => l.worthiness);
      assert.deepEqual(
        shown,
        [...shown].sort((a, b) => b - a),
        'a new batch is not sorted by worthiness',
      );
      for (const lease of leases) {
        assert.deepEqual(Object.keys(lease).sort(), [
          'annotator',
          'candidateId',
          'expiresAt',
          'leasedAt',
          'worthiness',
        ]);
        served.push({
          id: lease.candidateId,
          audit: store.auditSample.has(lease.candidateId),
          served: served.length,
        });
        label(store, lease.candidateId, lease.annotator);
      }
    }
    const audit = served.filter((s) => s.audit);
    assert.equal(store.auditSample.count(), audit.length);
    assert.ok(
      audit.every((s) => reserved.has(s.id)),
      'an audit case outside the reserved studies',
    );
    assert.ok(!served.some((s) => !s.audit && reserved.has(s.id)), 'the ranking served a reserved study');
    // 10 warm-up draws at 0.4 take about 25 served cases; the rest at 0.1 of about 215: about 31 in all.
    const warmupEnd = audit[policy.warmupCases - 1]!.served;
    assert.ok(warmupEnd < 60, `the warm-up took ${warmupEnd} cases`);
    assert.ok(audit.length >= 18, `${audit.length} audit cases of 240 served (${reserved.size} reserved)`);
    // Uniform over the pool: their mean worthiness is near the pool's middle, far below the worklist's picks.
    const rankOf = (id: string) => all.indexOf(id);
    const meanRank = audit.reduce((sum, s) => sum + rankOf(s.id), 0) / audit.length;
    assert.ok(
      meanRank > 120 && meanRank < 280,
      `audit cases' mean index ${meanRank} is not the pool's middle`,
    );
    const worklistOnly = served.filter((s) => !s.audit);
    assert.ok(
      worklistOnly.every((s) => rankOf(s.id) >= 400 - served.length - reserved.size),
      'the worklist served off its top',
    );
  });

  it('fills a reply with reserved cases once the ranking has nothing left, until every case is read', () => {
    const { store } = openTempStore();
    const all = seedStudies(store, 40);
    seedModel(store, 'v1', all);
    const policy = { rate: 0.3, warmupCases: 0, warmupRate: 0 };
    const reserved = all.filter((_, i) => auditUnit(studyUid(i)) < policy.rate);
    assert.ok(reserved.length > 4, `${reserved.length} reserved`);
    const worklist = new WorklistService({ store, rng: createRng(5), readsPerCase: 1, audit: policy });
    const read = new Set<string>();
    for (let batch = 0; batch < 20 && read.size < all.length; batch++) {
      for (const lease of worklist.next('ana', 5).leases) {
        read.add(lease.candidateId);
        label(store, lease.candidateId, 'ana');
      }
    }
    assert.equal(read.size, all.length, 'some cases were never served');
    assert.ok(
      reserved.every((id) => store.auditSample.has(id)),
      'a reserved case was not served as audit',
    );
  });

  it('draws no audit case at rate 0, and refuses a policy out of range', () => {
    const { store } = openTempStore();
    const all = seedCandidates(store, 30);
    seedModel(store, 'v1', all);
    const off = new WorklistService({
      store,
      rng: createRng(1),
      audit: { rate: 0, warmupCases: 10, warmupRate: 0.5 },
    });
    assert.equal(off.next('ana', 20).leases.length, 20);
    assert.equal(store.auditSample.count(), 0);
    assert.throws(
      () =>
        new WorklistService({ store, rng: createRng(1), audit: { rate: 1, warmupCases: 0, warmupRate: 0 } }),
      /audit rate must be in \[0, 1\), got 1/,
    );
  });
});
