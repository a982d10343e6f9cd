import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../../../trainer-server/src/store/errors.js';
import type { NewModelVersion } from '../../../trainer-server/src/store/ports.js';
import { admin, openTempStore, SHA } from './support.js';

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
});
