import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideConsensus } from '../../../trainer-server/src/store/decideConsensus.js';

const decide = (votes: string[]) => {
  const { value, status, needsAdjudication } = decideConsensus('c', votes, null);
  return [value, status, needsAdjudication];
};

describe('decideConsensus', () => {
  it('ranks hand-counted votes', () => {
    assert.deepEqual(decide([]), [null, 'unlabeled', false]);
    assert.deepEqual(decide(['a']), ['a', 'unanimous', false]);
    assert.deepEqual(decide(['a', 'a', 'a']), ['a', 'unanimous', false]);
    assert.deepEqual(decide(['b', 'a', 'b']), ['b', 'majority', true]);
    assert.deepEqual(decide(['a', 'b']), [null, 'tie', true]);
    assert.deepEqual(decide(['a', 'b', 'c']), [null, 'tie', true]);
    assert.deepEqual(decide(['a', 'a', 'b', 'b', 'c']), [null, 'tie', true]);
    assert.deepEqual(decide(['a', 'a', 'b', 'c']), ['a', 'majority', true]);
  });

  it('lets an adjudication override and keeps the votes for the record', () => {
    const adjudication = { value: 'c', by: 'admin', at: new Date(0), reason: null };
    assert.deepEqual(decideConsensus('c1', ['a', 'b', 'a'], adjudication), {
      candidateId: 'c1',
      value: 'c',
      status: 'adjudicated',
      needsAdjudication: false,
      votes: { a: 2, b: 1 },
      adjudication,
    });
  });
});
