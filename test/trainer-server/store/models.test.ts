import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../../../trainer-server/src/store/errors.js';
import type { NewModelVersion } from '../../../trainer-server/src/store/ports.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { admin, openTempStore, seedCandidates, SHA } from './support.js';

const model = (version: string, parent: string | null): NewModelVersion => ({
  version,
  parent,
  sha256: SHA,
  metrics: { auc: 0.9, perClass: { normal: 0.8 } },
  modelCard: { schema: 'aift-model-card/1', version },
});

describe('ModelStore', () => {
  it('records versions with their JSON and moves latest to each new one', () => {
    const { store, clock } = openTempStore();
    assert.equal(store.models.latest(), undefined);
    store.models.register(model('v1', null), admin);
    clock.advance(1000);
    const v2 = store.models.register(model('v2', 'v1'), admin);
    assert.deepEqual(v2, { ...model('v2', 'v1'), createdAt: new Date(clock.ms) });
    assert.deepEqual(store.models.latest(), { version: 'v2', movedAt: new Date(clock.ms), movedBy: 'admin' });
    assert.deepEqual(
      store.models.list().map((m) => m.version),
      ['v1', 'v2'],
    );
  });

  it('refuses duplicates, unknown parents and malformed input, leaving latest where it was', () => {
    const { store } = openTempStore();
    store.models.register(model('v1', null), admin);
    assert.throws(() => store.models.register(model('v1', null), admin), ConflictError);
    assert.throws(() => store.models.register(model('v2', 'v0'), admin), NotFoundError);
    assert.throws(() => store.models.register({ ...model('v2', null), sha256: 'abc' }, admin), RangeError);
    assert.throws(() => store.models.register(model('../v2', null), admin), RangeError);
    assert.equal(store.models.latest()?.version, 'v1');
    assert.equal(store.audit.list({ action: 'model.register' }).length, 1);
  });

  it('rolls back to an earlier version only, and audits the move', () => {
    const { store } = openTempStore();
    for (const [v, p] of [
      ['v1', null],
      ['v2', 'v1'],
      ['v3', 'v2'],
    ] as const) {
      store.models.register(model(v, p), admin);
    }
    assert.throws(() => store.models.rollback('v3', admin), ConflictError);
    assert.throws(() => store.models.rollback('v9', admin), NotFoundError);
    assert.equal(store.models.rollback('v1', admin, 'v2 and v3 regressed').version, 'v1');
    assert.equal(store.models.latest()?.version, 'v1');
    assert.throws(() => store.models.rollback('v2', admin), /not older than the latest version \(v1\)/);
    const audit = store.audit.list({ action: 'model.rollback' });
    assert.deepEqual(
      audit.map((e) => [e.subject, e.details]),
      [['model:v1', { from: 'v3', to: 'v1', reason: 'v2 and v3 regressed' }]],
    );
  });

  it('keeps the labels each version was registered with, across a close and reopen', () => {
    const { store, file, clock } = openTempStore();
    const [a, b, c] = seedCandidates(store, 3) as [string, string, string];
    store.models.register(model('v1', null), admin);
    const labels = new Map([
      [a, 'normal'],
      [b, 'pneumonia'],
    ]);
    store.models.register({ ...model('v2', 'v1'), labels }, admin);
    assert.deepEqual(store.models.labelsOf('v1'), new Map());
    assert.deepEqual(store.models.labelsOf('v2'), labels);
    assert.deepEqual(store.models.labelsOf('v9'), new Map());
    assert.ok(!('labels' in store.models.get('v2')!), 'the version record does not carry its labels');
    assert.throws(
      () =>
        store.models.register({ ...model('v3', 'v2'), labels: new Map([['f'.repeat(32), 'normal']]) }, admin),
      /FOREIGN KEY/,
      'a label of an unregistered candidate',
    );
    assert.equal(store.models.latest()?.version, 'v2', 'the refused version left latest where it was');
    store.close();
    const reopened = openSqliteStore(file, { clock: clock.now });
    try {
      assert.deepEqual(reopened.models.labelsOf('v2'), labels);
      assert.equal(reopened.models.labelsOf('v2').has(c), false);
    } finally {
      reopened.close();
    }
  });
});
