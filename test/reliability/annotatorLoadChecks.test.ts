// The load checks must be able to fail: each is fed a record where the property holds and ones where it
// is broken, as a server bug would break it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsensusDto, LabelExportRowDto } from '../../trainer-server/src/api/schemas/index.js';
import type { AcknowledgedLabel, LeaseEpisode } from './annotatorLoad.js';
import { consensusMatches, exactlyOnce, oneHolderAtATime } from './annotatorLoadChecks.js';

const row = (
  labelId: number,
  candidateId: string,
  annotator: string,
  value: string,
  retractedAt: string | null = null,
): LabelExportRowDto => ({
  labelId,
  candidateId,
  studyInstanceUid: '1.2',
  seriesInstanceUid: '1.2.3',
  sopInstanceUid: `1.2.3.${labelId}`,
  frame: 1,
  modality: 'OT',
  annotator,
  value,
  note: null,
  createdAt: '2026-11-25T12:00:00.000Z',
  retractedAt,
  retractedBy: retractedAt === null ? null : annotator,
});

const ack = (labelId: number, key: string, status: 200 | 201): AcknowledgedLabel => ({
  annotator: 'a',
  idempotencyKey: key,
  candidateId: 'c1',
  value: 'bright',
  status,
  labelId,
});

describe('exactlyOnce', () => {
  it('passes a created label and its replay stored once', () => {
    const found = exactlyOnce([ack(1, 'k', 201), ack(1, 'k', 200)], [row(1, 'c1', 'a', 'bright')]);
    assert.deepEqual(found.problems, []);
  });
  it('fails a retry that created a second label, a label missing from the export, a value changed', () => {
    assert.equal(exactlyOnce([ack(1, 'k', 201), ack(2, 'k', 201)], [row(1, 'c1', 'a', 'bright')]).ok, false);
    assert.equal(exactlyOnce([ack(1, 'k', 201)], []).ok, false);
    assert.equal(exactlyOnce([ack(1, 'k', 201)], [row(1, 'c1', 'a', 'dark')]).ok, false);
  });
  it('fails a stored label nobody acknowledged', () => {
    const found = exactlyOnce([ack(1, 'k', 201)], [row(1, 'c1', 'a', 'bright'), row(2, 'c2', 'a', 'dark')]);
    assert.equal(found.ok, false);
  });
});

const episode = (
  annotator: string,
  grantedAt: number,
  end: number,
  how: LeaseEpisode['end']['how'] = 'labeled',
): LeaseEpisode => ({
  candidateId: 'c1',
  annotator,
  grantedAt,
  fetchWindow: [grantedAt - 2, grantedAt + 2],
  end: { how, at: end },
});

describe('oneHolderAtATime', () => {
  it('passes a case leased again in the millisecond its previous holder labeled it', () => {
    const found = oneHolderAtATime([episode('a', 100, 150), episode('b', 150, 200, 'released')], []);
    assert.deepEqual(found.problems, []);
  });
  it('fails a lease granted while another annotator held it', () => {
    assert.equal(oneHolderAtATime([episode('a', 100, 150), episode('b', 149, 200)], []).ok, false);
  });
  it('fails a grant time outside the fetch that returned it (a wrong TTL)', () => {
    const shifted = { ...episode('a', 100, 150), fetchWindow: [110, 120] as const };
    assert.equal(oneHolderAtATime([shifted], []).ok, false);
  });
  it('fails a lease left in the store after every annotator released', () => {
    assert.equal(oneHolderAtATime([], ['a c1']).ok, false);
  });
});

describe('consensusMatches', () => {
  const exported = [
    row(1, 'unanimous', 'a', 'bright'),
    row(2, 'unanimous', 'b', 'bright'),
    row(3, 'tie', 'a', 'bright'),
    row(4, 'tie', 'b', 'dark'),
    row(5, 'majority', 'a', 'dark'),
    row(6, 'majority', 'b', 'dark'),
    row(7, 'majority', 'c', 'bright'),
    row(8, 'abstained', 'a', 'unsure'),
    row(9, 'changed', 'a', 'dark'),
    row(10, 'changed', 'a', 'bright'),
    row(11, 'changed', 'b', 'bright'),
    row(12, 'retracted', 'a', 'dark', '2026-11-25T12:01:00.000Z'),
    row(13, 'retracted', 'b', 'bright'),
  ];
  const listed: ConsensusDto[] = [
    {
      candidateId: 'majority',
      value: 'dark',
      status: 'majority',
      needsAdjudication: true,
      votes: { dark: 2, bright: 1 },
      adjudication: null,
    },
    {
      candidateId: 'tie',
      value: null,
      status: 'tie',
      needsAdjudication: true,
      votes: { bright: 1, dark: 1 },
      adjudication: null,
    },
  ];
  // unanimous, tie, majority, changed (latest votes agree) and retracted (one vote left) have votes;
  // of the four with two or more, unanimous and changed agree.
  const progress = { candidates: 6, labeled: 5, inQueue: 1, agreementRate: 0.5 };

  it('passes the view the rule gives', () => {
    assert.deepEqual(consensusMatches(exported, listed, progress).problems, []);
  });
  it('fails a tie missing from the adjudication list, a wrong tally, wrong progress', () => {
    assert.equal(consensusMatches(exported, listed.slice(0, 1), progress).ok, false);
    const wrongTally = [{ ...listed[0]!, votes: { dark: 3, bright: 1 } }, listed[1]!];
    assert.equal(consensusMatches(exported, wrongTally, progress).ok, false);
    assert.equal(consensusMatches(exported, listed, { ...progress, labeled: 6 }).ok, false);
    assert.equal(consensusMatches(exported, listed, { ...progress, agreementRate: 0.75 }).ok, false);
  });
});
