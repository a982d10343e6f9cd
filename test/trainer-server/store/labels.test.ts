import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../trainer-server/src/store/errors.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { admin, annotator, openTempStore, seedCandidates } from './support.js';

describe('LabelStore', () => {
  it('stores a retried request once and returns the same label each time', () => {
    const { store, clock } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const input = { candidateId: c!, annotator: 'ana', value: 'pneumonia', idempotencyKey: 'req-1' };
    const first = store.labels.record(input);
    clock.advance(5000);
    const retries = [1, 2, 3].map(() => store.labels.record(input));
    assert.equal(first.created, true);
    for (const retry of retries) {
      assert.equal(retry.created, false);
      assert.deepEqual(retry.label, first.label);
    }
    assert.equal(store.labels.forCandidate(c!).length, 1);
    assert.equal(store.audit.list({ action: 'label.record' }).length, 1);
  });

  it('sees a retry that arrives on another connection to the same file', () => {
    const { store, file, clock } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const other = openSqliteStore(file, { clock: clock.now });
    try {
      const input = { candidateId: c!, annotator: 'ana', value: 'normal', idempotencyKey: 'k' };
      const a = store.labels.record(input);
      const b = other.labels.record(input);
      assert.deepEqual(b, { label: a.label, created: false });
      assert.equal(other.labels.forCandidate(c!).length, 1);
    } finally {
      other.close();
    }
  });

  it('refuses a reused key for a different label and stores nothing', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    store.labels.record({ candidateId: c!, annotator: 'ana', value: 'normal', idempotencyKey: 'k' });
    assert.throws(
      () =>
        store.labels.record({ candidateId: c!, annotator: 'ana', value: 'pneumonia', idempotencyKey: 'k' }),
      ConflictError,
    );
    assert.equal(store.labels.forCandidate(c!).length, 1);
    assert.equal(store.audit.list().length, 1);
  });

  it('keeps the same key of two annotators apart', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const a = store.labels.record({
      candidateId: c!,
      annotator: 'ana',
      value: 'normal',
      idempotencyKey: 'k',
    });
    const b = store.labels.record({
      candidateId: c!,
      annotator: 'ben',
      value: 'pneumonia',
      idempotencyKey: 'k',
    });
    assert.equal(b.created, true);
    assert.notEqual(a.label.id, b.label.id);
    assert.deepEqual(
      store.labels.forCandidate(c!).map((l) => [l.annotator, l.value]),
      [
        ['ana', 'normal'],
        ['ben', 'pneumonia'],
      ],
    );
  });

  it('stores the note and the clock time', () => {
    const { store, clock } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const { label } = store.labels.record({
      candidateId: c!,
      annotator: 'ana',
      value: 'unsure',
      note: 'motion blur',
      idempotencyKey: 'k',
    });
    assert.equal(label.note, 'motion blur');
    assert.equal(label.createdAt.getTime(), clock.ms);
    assert.equal(label.retracted, null);
  });

  it('refuses an unknown candidate and bad input without writing anything', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    assert.throws(
      () =>
        store.labels.record({ candidateId: 'nope', annotator: 'ana', value: 'normal', idempotencyKey: 'k' }),
      NotFoundError,
    );
    const bad = [
      { candidateId: c!, annotator: '', value: 'normal', idempotencyKey: 'k' },
      { candidateId: c!, annotator: 'ana', value: ' normal', idempotencyKey: 'k' },
      { candidateId: c!, annotator: 'ana', value: 'normal', idempotencyKey: '' },
      { candidateId: c!, annotator: 'ana', value: 'normal', idempotencyKey: 'k', note: 'x'.repeat(2001) },
    ];
    for (const input of bad) assert.throws(() => store.labels.record(input), RangeError);
    assert.equal(store.labels.forCandidate(c!).length, 0);
    assert.equal(store.audit.list().length, 0);
  });

  it('lets the annotator or an admin retract, keeps the row and audits once', () => {
    const { store, clock } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const own = store.labels.record({
      candidateId: c!,
      annotator: 'ana',
      value: 'normal',
      idempotencyKey: '1',
    });
    const ben = store.labels.record({
      candidateId: c!,
      annotator: 'ben',
      value: 'normal',
      idempotencyKey: '1',
    });
    assert.throws(() => store.labels.retract(own.label.id, annotator('ben')), ForbiddenError);
    clock.advance(1000);
    const retracted = store.labels.retract(own.label.id, annotator('ana'));
    assert.deepEqual(retracted.retracted, { at: new Date(clock.ms), by: 'ana' });
    assert.deepEqual(store.labels.retract(own.label.id, annotator('ana')), retracted);
    assert.equal(store.labels.retract(ben.label.id, admin).retracted?.by, 'admin');
    assert.throws(() => store.labels.retract(999, admin), NotFoundError);
    assert.equal(store.labels.forCandidate(c!).length, 2);
    assert.deepEqual(
      store.audit.list({ action: 'label.retract' }).map((e) => [e.actor, e.subject]),
      [
        ['ana', `label:${own.label.id}`],
        ['admin', `label:${ben.label.id}`],
      ],
    );
  });

  it('exports every label with its UIDs, annotator and retraction', () => {
    const { store, clock } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const a = store.labels.record({
      candidateId: c!,
      annotator: 'ana',
      value: 'normal',
      idempotencyKey: '1',
    });
    store.labels.record({ candidateId: c!, annotator: 'ben', value: 'skip', note: 'n', idempotencyKey: '1' });
    clock.advance(60_000);
    store.labels.retract(a.label.id, admin);
    const rows = store.exports.allLabels();
    assert.deepEqual(rows[0], {
      labelId: a.label.id,
      candidateId: c,
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.1000',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1000.1',
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.1000.1.0',
      frame: 1,
      modality: 'CR',
      annotator: 'ana',
      value: 'normal',
      note: null,
      createdAt: '2026-11-25T12:00:00.000Z',
      retractedAt: '2026-11-25T12:01:00.000Z',
      retractedBy: 'admin',
    });
    assert.deepEqual(
      rows.map((r) => [r.annotator, r.value, r.note, r.retractedBy]),
      [
        ['ana', 'normal', null, 'admin'],
        ['ben', 'skip', 'n', null],
      ],
    );
  });
});
