import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exponentialBackoff } from '../../../extension/src/services/backoff.js';

describe('exponentialBackoff', () => {
  it('doubles from the first delay up to the cap, and starts over after reset', () => {
    const backoff = exponentialBackoff(500, 3_000);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => backoff.next()),
      [500, 1_000, 2_000, 3_000, 3_000],
    );
    backoff.reset();
    assert.deepEqual([backoff.next(), backoff.next()], [500, 1_000]);
  });
});
