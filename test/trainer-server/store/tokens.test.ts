import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../../../trainer-server/src/store/errors.js';
import { admin, openTempStore } from './support.js';

const SECRET = 'aift_4f9c2d7e8b1a6f3c0e5d9b2a7c4f1e8d';

describe('TokenStore', () => {
  it('authenticates by the secret while storing only its hash', () => {
    const { store, file } = openTempStore();
    const token = store.tokens.create({ name: 'ana', role: 'annotator', secret: SECRET }, admin);
    assert.deepEqual(store.tokens.authenticate(SECRET), token);
    assert.equal(store.tokens.authenticate(`${SECRET}x`), undefined);
    assert.equal(store.tokens.authenticate('short'), undefined);
    store.close();
    const bytes = [file, `${file}-wal`].map((f) => {
      try {
        return readFileSync(f).toString('latin1');
      } catch {
        return '';
      }
    });
    assert.ok(bytes.join('').includes('ana'), 'the token row is on disk');
    assert.ok(!bytes.join('').includes(SECRET), 'the secret itself must never be written');
  });

  it('revokes, refuses duplicates and weak secrets, and audits', () => {
    const { store, clock } = openTempStore();
    store.tokens.create({ name: 'ana', role: 'annotator', secret: SECRET }, admin);
    assert.throws(
      () => store.tokens.create({ name: 'ana', role: 'admin', secret: `${SECRET}2` }, admin),
      ConflictError,
    );
    assert.throws(
      () => store.tokens.create({ name: 'ben', role: 'annotator', secret: SECRET }, admin),
      ConflictError,
    );
    assert.throws(
      () => store.tokens.create({ name: 'ben', role: 'annotator', secret: 'password' }, admin),
      RangeError,
    );
    clock.advance(1000);
    assert.equal(store.tokens.revoke('ana', admin).revokedAt?.getTime(), clock.ms);
    assert.equal(store.tokens.authenticate(SECRET), undefined);
    assert.throws(() => store.tokens.revoke('zed', admin), NotFoundError);
    assert.deepEqual(
      store.tokens.list().map((t) => [t.name, t.role, t.createdBy]),
      [['ana', 'annotator', 'admin']],
    );
    assert.deepEqual(
      store.audit.list().map((e) => [e.action, e.subject, e.details]),
      [
        ['token.create', 'token:ana', { role: 'annotator' }],
        ['token.revoke', 'token:ana', {}],
      ],
    );
  });
});
