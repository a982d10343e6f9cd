// The worklist an annotator sees: ACFT's randomised batch (omega > 1) over the latest scores, without ever
// taking back a case the annotator holds (the one on their screen) when the list is fetched again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '@aift/selection-core';
import { WorklistService } from '../../../trainer-server/src/services/WorklistService.js';
import { openTempStore, seedCandidates, seedModel, T0 } from '../store/support.js';

const ids = (leases: readonly { candidateId: string }[]) => leases.map((l) => l.candidateId);

describe('WorklistService', () => {
  it('keeps the cases an annotator holds across fetches and rescorings, drawing only the free slots', () => {
    const { store } = openTempStore();
    const all = seedCandidates(store, 40);
    seedModel(store, 'v1', all, (i) => 40 - i);
    const worklist = new WorklistService({ store, rng: createRng(3), omega: 3 });
    const first = ids(worklist.next('ana', 4));
    assert.equal(first.length, 4);
    for (let round = 0; round < 5; round++) {
      assert.deepEqual(
        new Set(ids(worklist.next('ana', 4))),
        new Set(first),
        `fetch ${round} changed the list`,
      );
    }
    seedModel(store, 'v2', all, (i) => (first.includes(all[i]!) ? 0 : i)); // ana's cases fall to the bottom
    assert.deepEqual(
      new Set(ids(worklist.next('ana', 4))),
      new Set(first),
      'a rescoring took a held case away',
    );
    assert.deepEqual(
      new Set(ids(worklist.active('ana'))),
      new Set(first),
      'surplus leases were not released',
    );
    const more = ids(worklist.next('ana', 6));
    assert.equal(more.length, 6);
    assert.deepEqual(more.slice(0, 4).sort(), [...first].sort(), 'held cases come first');
    assert.ok(!ids(worklist.next('ben', 30)).some((id) => more.includes(id)), "ben was served ana's cases");
    const fewer = ids(worklist.next('ana', 2));
    assert.equal(fewer.length, 2);
    assert.equal(worklist.active('ana').length, 6, 'a smaller fetch released cases ana holds');
  });

  it('reserves a case for leaseTtlMs (what selection.leaseMinutes sets), then frees it', () => {
    const { store, clock } = openTempStore();
    const all = seedCandidates(store, 3);
    seedModel(store, 'v1', all);
    const worklist = new WorklistService({ store, rng: createRng(3), leaseTtlMs: 5 * 60_000 });
    const [lease] = worklist.next('ana', 1);
    assert.ok(lease);
    assert.equal(lease.expiresAt.getTime(), T0 + 5 * 60_000);
    clock.advance(5 * 60_000 - 1);
    assert.ok(!ids(worklist.next('ben', 3)).includes(lease.candidateId), 'freed before its time');
    clock.advance(1);
    assert.deepEqual(ids(worklist.active('ana')), [], 'still held after its time');
    assert.ok(ids(worklist.next('ben', 3)).includes(lease.candidateId), 'not served again once free');
  });
});
