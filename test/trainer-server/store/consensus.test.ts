import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError, NotFoundError } from '../../../trainer-server/src/store/errors.js';
import type { Store } from '../../../trainer-server/src/store/ports.js';
import { admin, annotator, openTempStore, seedCandidates } from './support.js';

let key = 0;
const vote = (store: Store, candidateId: string, who: string, value: string) =>
  store.labels.record({ candidateId, annotator: who, value, idempotencyKey: `k${++key}` }).label;

describe('ConsensusStore', () => {
  it('takes the majority of annotators and flags dissent', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    vote(store, c!, 'ana', 'pneumonia');
    assert.deepEqual(store.consensus.of(c!), {
      candidateId: c,
      value: 'pneumonia',
      status: 'unanimous',
      needsAdjudication: false,
      votes: { pneumonia: 1 },
      adjudication: null,
    });
    vote(store, c!, 'ben', 'pneumonia');
    vote(store, c!, 'cem', 'normal');
    const majority = store.consensus.of(c!);
    assert.equal(majority.value, 'pneumonia');
    assert.equal(majority.status, 'majority');
    assert.equal(majority.needsAdjudication, true);
    assert.deepEqual(majority.votes, { pneumonia: 2, normal: 1 });
  });

  it('gives no value on a tie and asks for an admin', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    vote(store, c!, 'ana', 'pneumonia');
    vote(store, c!, 'ben', 'normal');
    const tie = store.consensus.of(c!);
    assert.equal(tie.value, null);
    assert.equal(tie.status, 'tie');
    assert.equal(tie.needsAdjudication, true);
  });

  it('does not count skip or unsure, and counts one vote per annotator (their latest)', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    vote(store, c!, 'ana', 'normal');
    vote(store, c!, 'ben', 'skip');
    vote(store, c!, 'cem', 'unsure');
    assert.deepEqual(store.consensus.of(c!).votes, { normal: 1 });
    vote(store, c!, 'ana', 'pneumonia'); // ana changed her mind: one vote, the newer one
    assert.deepEqual(store.consensus.of(c!).votes, { pneumonia: 1 });
    vote(store, c!, 'ana', 'unsure'); // ...and then abstained
    assert.equal(store.consensus.of(c!).status, 'unlabeled');
  });

  it('ignores retracted labels, falling back to the annotator’s earlier vote', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    vote(store, c!, 'ana', 'normal');
    const second = vote(store, c!, 'ana', 'pneumonia');
    const ben = vote(store, c!, 'ben', 'normal');
    assert.equal(store.consensus.of(c!).status, 'tie');
    store.labels.retract(second.id, annotator('ana'));
    assert.deepEqual(store.consensus.of(c!).votes, { normal: 2 });
    store.labels.retract(ben.id, admin);
    assert.equal(store.consensus.of(c!).status, 'unanimous');
  });

  it('lets only an admin adjudicate; the decision overrides votes and is audited', () => {
    const { store } = openTempStore();
    const [c, d] = seedCandidates(store, 2);
    vote(store, c!, 'ana', 'pneumonia');
    vote(store, c!, 'ben', 'normal');
    assert.throws(() => store.consensus.adjudicate(c!, 'normal', annotator('ana')), ForbiddenError);
    assert.throws(() => store.consensus.adjudicate(c!, 'skip', admin), RangeError);
    assert.throws(() => store.consensus.adjudicate('nope', 'normal', admin), NotFoundError);
    const decided = store.consensus.adjudicate(c!, 'normal', admin, 'reviewed with CT');
    assert.equal(decided.value, 'normal');
    assert.equal(decided.status, 'adjudicated');
    assert.equal(decided.needsAdjudication, false);
    assert.equal(decided.adjudication?.reason, 'reviewed with CT');
    vote(store, c!, 'cem', 'pneumonia'); // later votes do not undo the decision
    assert.equal(store.consensus.of(c!).value, 'normal');
    store.consensus.adjudicate(d!, 'pneumonia', admin); // an admin may label an unvoted candidate
    const audit = store.audit.list({ action: 'consensus.adjudicate' });
    assert.equal(audit.length, 2);
    assert.deepEqual(audit[0]?.details, {
      value: 'normal',
      previous: null,
      previousStatus: 'tie',
      votes: { pneumonia: 1, normal: 1 },
      reason: 'reviewed with CT',
    });
  });

  it('lists training labels, cases needing adjudication, and counts agreement', () => {
    const { store } = openTempStore();
    const ids = seedCandidates(store, 6);
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    vote(store, a, 'ana', 'normal'); // unanimous, single annotator
    vote(store, b, 'ana', 'normal'); // unanimous, two annotators
    vote(store, b, 'ben', 'normal');
    vote(store, c, 'ana', 'normal'); // majority
    vote(store, c, 'ben', 'normal');
    vote(store, c, 'cem', 'pneumonia');
    vote(store, d, 'ana', 'normal'); // tie
    vote(store, d, 'ben', 'pneumonia');
    vote(store, e, 'ana', 'skip'); // no vote
    assert.deepEqual(
      store.consensus
        .listLabeled()
        .map((x) => [x.candidateId, x.value, x.status])
        .sort(),
      [
        [a, 'normal', 'unanimous'],
        [b, 'normal', 'unanimous'],
        [c, 'normal', 'majority'],
      ].sort(),
    );
    assert.deepEqual(
      store.consensus
        .needingAdjudication()
        .map((x) => x.candidateId)
        .sort(),
      [c, d].sort(),
    );
    assert.deepEqual(store.consensus.counts(), {
      candidates: 6,
      labeled: 4,
      complete: 4,
      withConsensus: 3,
      needingAdjudication: 2,
      adjudicated: 0,
      multiplyLabeled: 3,
      agreementRate: 1 / 3,
    });
    // Under double reading, only the cases with two class votes are complete; under triple, only c.
    assert.equal(store.consensus.counts(2).complete, 3);
    assert.equal(store.consensus.counts(3).complete, 1);
    assert.throws(() => store.consensus.counts(0), /readsPerCase/);
    store.consensus.adjudicate(d, 'pneumonia', admin);
    assert.equal(store.consensus.counts(3).complete, 2, 'an adjudicated case needs no more reads');
    const after = store.consensus.counts();
    assert.equal(after.withConsensus, 4);
    assert.equal(after.needingAdjudication, 1);
    assert.equal(after.adjudicated, 1);
  });

  it('reports no agreement rate before any candidate has two annotators; refuses unknown candidates', () => {
    const { store } = openTempStore();
    assert.equal(store.consensus.counts().agreementRate, null);
    assert.throws(() => store.consensus.of('unknown'), NotFoundError);
  });
});
