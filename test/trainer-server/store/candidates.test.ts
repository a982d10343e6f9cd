import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidateId } from '../../../trainer-server/src/store/candidateId.js';
import { openTempStore, ref } from './support.js';

describe('CandidateStore', () => {
  it('registers a candidate once; registering it again changes nothing', () => {
    const { store, clock } = openTempStore();
    const first = store.candidates.register(ref(1));
    assert.equal(first.created, true);
    assert.deepEqual(first.candidate, {
      ...ref(1),
      id: candidateId(ref(1)),
      registeredAt: new Date(clock.ms),
    });
    clock.advance(60_000);
    const again = store.candidates.register({ ...ref(1), modality: 'DX' });
    assert.deepEqual(again, { candidate: first.candidate, created: false });
    assert.equal(store.candidates.registerMany([ref(1), ref(2), ref(2), ref(3)]), 2);
    assert.equal(store.candidates.count(), 3);
  });

  it('derives a stable id that tells frames apart', () => {
    assert.equal(candidateId(ref(1)), candidateId({ ...ref(1) }));
    assert.match(candidateId(ref(1)), /^[0-9a-f]{32}$/);
    assert.notEqual(candidateId(ref(1, 1)), candidateId(ref(1, 2)));
    const { store } = openTempStore();
    store.candidates.registerMany([ref(1, 1), ref(1, 2)]);
    assert.equal(store.candidates.get(candidateId(ref(1, 2)))?.frame, 2);
    assert.equal(store.candidates.get('missing'), undefined);
  });

  it('lists the candidates of given studies, and none of others', () => {
    const { store } = openTempStore();
    // ref(i) puts i = 0..9 in one study, 10..19 in the next.
    store.candidates.registerMany([ref(1), ref(2, 1), ref(2, 2), ref(11), ref(25)]);
    const listed = store.candidates.ofStudies([ref(1).studyInstanceUid, ref(25).studyInstanceUid, '1.2.3']);
    assert.deepEqual(
      listed.map((c) => c.id),
      [ref(1), ref(2, 1), ref(2, 2), ref(25)].map(candidateId),
    );
    assert.deepEqual(store.candidates.ofStudies([]), []);
  });

  it('accepts only UIDs, so no patient name or ID can be stored in their place', () => {
    const { store } = openTempStore();
    const bad = [
      { ...ref(1), studyInstanceUid: 'DOE^JANE' },
      { ...ref(1), seriesInstanceUid: '1.2.03' },
      { ...ref(1), sopInstanceUid: `1.${'2'.repeat(64)}` },
      { ...ref(1), frame: 0 },
      { ...ref(1), frame: 1.5 },
      { ...ref(1), modality: 'chest x-ray' },
    ];
    for (const candidate of bad) assert.throws(() => store.candidates.register(candidate), RangeError);
    assert.throws(
      () => store.candidates.registerMany([ref(1), bad[0]!]),
      /studyInstanceUid must be a DICOM UID/,
    );
    assert.equal(store.candidates.count(), 0, 'a bad row rolls back the whole batch');
  });

  it('enumerates every candidate in registration order, page by page, while other store calls run', () => {
    const { store } = openTempStore();
    const order = [5, 2, 9, 1, 7, 3, 8];
    store.candidates.registerMany(order.map((i) => ref(i)));
    const seen: string[] = [];
    for (const candidate of store.candidates.all(3)) {
      // A store call between items: no statement is left open across a page.
      assert.deepEqual(store.candidates.get(candidate.id), candidate);
      seen.push(candidate.id);
    }
    assert.deepEqual(
      seen,
      order.map((i) => candidateId(ref(i))),
    );
    assert.deepEqual(
      [...store.candidates.all(7)].map((c) => c.id),
      order.map((i) => candidateId(ref(i))),
      'a last page exactly full ends the enumeration',
    );
    store.candidates.registerMany([ref(4)]);
    assert.equal([...store.candidates.all()].length, 8);
    assert.throws(() => [...store.candidates.all(0)], /pageSize must be an integer from 1/);
  });
});
