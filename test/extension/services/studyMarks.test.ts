// The study list's marks loader: the asks of one render go out as one request, each gets its own study's
// marks, a failure reaches every ask it concerns, and nothing is kept for a later ask.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StudyMarksDto } from '../../../trainer-server/src/api/schemas/index.js';
import { createStudyMarksLoader } from '../../../extension/src/services/studyMarks.js';

const reply = (uids: readonly string[]): StudyMarksDto => ({
  modelVersion: 'v0002',
  ranking: { by: 'worthiness' },
  ranked: 10,
  studies: uids.map((studyInstanceUid, i) => ({
    studyInstanceUid,
    candidates: 1,
    labeledByYou: [],
    labeledByOthers: 0,
    heldByYou: 0,
    heldByOthers: 0,
    worthiest: { candidateId: `c${i}`, worthiness: 0.5, rank: i + 1, pick: null },
  })),
});

describe('createStudyMarksLoader', () => {
  it('asks once for the studies of one render and answers each ask with its own study', async () => {
    const asked: string[][] = [];
    const load = createStudyMarksLoader((uids) => {
      asked.push([...uids]);
      return Promise.resolve(reply(uids));
    });
    const [a, b, a2] = await Promise.all([load('1.1'), load('1.2'), load('1.1')]);
    assert.deepEqual(asked, [['1.1', '1.2']]);
    assert.equal(a.mark.studyInstanceUid, '1.1');
    assert.equal(b.mark.worthiest?.rank, 2);
    assert.deepEqual(a2, a);
    assert.equal(a.ranked, 10);
    await load('1.1');
    assert.deepEqual(asked, [['1.1', '1.2'], ['1.1']], 'a later ask is answered afresh');
  });

  it('rejects every ask of a failed request', async () => {
    const load = createStudyMarksLoader(() => Promise.reject(new Error('HTTP 502')));
    const results = await Promise.allSettled([load('1.1'), load('1.2')]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
  });
});
