import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { admin, openTempStore, seedCandidates } from './support.js';

describe('AuditLog', () => {
  it('records who did what, when, for each change', () => {
    const { store, clock } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const { label } = store.labels.record({
      candidateId: c!,
      annotator: 'ana',
      value: 'normal',
      idempotencyKey: '1',
    });
    clock.advance(1000);
    store.labels.retract(label.id, admin);
    store.audit.append('admin', 'labels.export', 'labels', { format: 'csv' });
    const entries = store.audit.list();
    assert.deepEqual(
      entries.map((e) => [e.at.getTime() - entries[0]!.at.getTime(), e.actor, e.action, e.subject]),
      [
        [0, 'ana', 'label.record', `label:${label.id}`],
        [1000, 'admin', 'label.retract', `label:${label.id}`],
        [1000, 'admin', 'labels.export', 'labels'],
      ],
    );
    assert.deepEqual(
      store.audit.list({ actor: 'admin', afterId: entries[1]!.id }).map((e) => e.action),
      ['labels.export'],
    );
    assert.equal(store.audit.list({ limit: 1 }).length, 1);
    assert.throws(() => store.audit.list({ limit: 0 }), RangeError);
  });

  it('cannot be edited or deleted, even with SQL', () => {
    const { store, file } = openTempStore();
    store.audit.append('admin', 'labels.export', 'labels');
    const db = new Database(file);
    try {
      assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run(), /append-only/);
      assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
    } finally {
      db.close();
    }
    assert.equal(store.audit.list()[0]?.actor, 'admin');
  });

  it('writes nothing when the change it records fails', () => {
    const { store } = openTempStore();
    const [c] = seedCandidates(store, 1);
    store.jobs.start('chest', admin);
    const before = store.audit.list();
    assert.throws(() => store.jobs.start('chest', admin));
    assert.throws(() =>
      store.labels.record({ candidateId: 'x', annotator: 'ana', value: 'a', idempotencyKey: '1' }),
    );
    assert.throws(() => store.consensus.adjudicate(c!, 'unsure', admin));
    assert.throws(() => store.models.rollback('v1', admin));
    assert.deepEqual(store.audit.list(), before);
  });

  it('rolls the change back when writing its audit entry fails', () => {
    const { store, file } = openTempStore();
    const [c] = seedCandidates(store, 1);
    const kept = store.labels.record({
      candidateId: c!,
      annotator: 'ana',
      value: 'normal',
      idempotencyKey: '1',
    });
    // A failure injected after the change's own row is written, inside the same transaction.
    const db = new Database(file);
    db.exec(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log
             BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END`);
    db.close();
    assert.throws(
      () => store.labels.record({ candidateId: c!, annotator: 'ben', value: 'normal', idempotencyKey: '1' }),
      /injected/,
    );
    assert.throws(() => store.labels.retract(kept.label.id, admin), /injected/);
    assert.throws(() => store.jobs.start('chest', admin), /injected/);
    const labels = store.labels.forCandidate(c!);
    assert.deepEqual(
      labels.map((l) => [l.annotator, l.retracted]),
      [['ana', null]],
    );
    assert.equal(store.jobs.running('chest'), undefined);
    assert.equal(store.audit.list().length, 1);
  });
});
