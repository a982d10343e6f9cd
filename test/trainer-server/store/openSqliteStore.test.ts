import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { candidateId } from '../../../trainer-server/src/store/candidateId.js';
import { StoreOpenError } from '../../../trainer-server/src/store/errors.js';
import { migrate } from '../../../trainer-server/src/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../../trainer-server/src/store/sqlite/migrations.js';
import { auditUnit } from '../../../trainer-server/src/store/auditUnit.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import { ManualClock, ref, score, SHA, admin, tempDir } from './support.js';

const clock = new ManualClock();
const migrationRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT version, name FROM migrations ORDER BY version').all();
  } finally {
    db.close();
  }
};

describe('openSqliteStore', () => {
  it('creates every table on an empty file, in WAL mode, and re-opens without migrating again', () => {
    const file = join(tempDir(), 'new.sqlite');
    const store = openSqliteStore(file, { clock: clock.now });
    store.candidates.register(ref(1));
    store.close();
    const expected = MIGRATIONS.map((m) => ({ version: m.version, name: m.name }));
    assert.deepEqual(migrationRows(file), expected);
    const again = openSqliteStore(file, { clock: clock.now });
    assert.equal(again.candidates.count(), 1);
    again.close();
    assert.deepEqual(migrationRows(file), expected);
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('upgrades a file written at schema version 1 and keeps its labels', () => {
    const file = join(tempDir(), 'v1.sqlite');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1), () => '2025-01-01T00:00:00.000Z');
    const id = candidateId(ref(7));
    const r = ref(7);
    old
      .prepare('INSERT INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        id,
        r.studyInstanceUid,
        r.seriesInstanceUid,
        r.sopInstanceUid,
        1,
        'CR',
        '2025-01-01T00:00:00.000Z',
      );
    old
      .prepare(
        "INSERT INTO labels (candidate_id, annotator, value, idempotency_key, created_at) VALUES (?, 'ana', 'normal', 'k', ?)",
      )
      .run(id, '2025-01-01T00:00:00.000Z');
    old.close();
    assert.equal(migrationRows(file).length, 1);

    const store = openSqliteStore(file, { clock: clock.now });
    try {
      assert.equal(migrationRows(file).length, MIGRATIONS.length);
      assert.equal(store.consensus.of(id).value, 'normal');
      // The tables of the later migrations work on the upgraded file.
      store.models.register({ version: 'v1', parent: null, sha256: SHA, metrics: {}, modelCard: {} }, admin);
      const labels = new Map([[id, 'normal']]);
      store.models.register(
        { version: 'v2', parent: 'v1', sha256: SHA, metrics: {}, modelCard: {}, labels },
        admin,
      );
      assert.deepEqual(store.models.labelsOf('v2'), labels);
      store.scores.replaceForVersion('v1', [score(id, 1)], admin);
      assert.equal(store.leases.leaseNext('ben', 5, 60_000).leases.length, 1);
      assert.equal(store.jobs.start('default', admin).status, 'running');
      // The candidate registered before the audit existed got its study's audit unit: reserved under a share
      // just above it, not under one equal to it.
      const unit = auditUnit(r.studyInstanceUid);
      store.leases.release('ben', [id]);
      const served = (share: number) =>
        store.leases.leaseNext('cem', 5, 60_000, { auditShare: share }).leases;
      assert.equal(served(unit).length, 1, 'not reserved at a share equal to its unit');
      store.leases.release('cem', [id]);
      assert.equal(served(unit + 1e-9).length, 0, 'reserved at a share just above its unit');
    } finally {
      store.close();
    }
  });

  it('refuses a file from a newer schema and leaves it untouched', () => {
    const file = join(tempDir(), 'future.sqlite');
    openSqliteStore(file, { clock: clock.now }).close();
    const db = new Database(file);
    db.prepare("INSERT INTO migrations VALUES (?, 'from the future', '2030-01-01T00:00:00.000Z')").run(
      MIGRATIONS.length + 1,
    );
    db.close();
    assert.throws(
      () => openSqliteStore(file, { clock: clock.now }),
      (error: unknown) =>
        error instanceof StoreOpenError &&
        error.message.includes(
          `schema version ${MIGRATIONS.length + 1}, newer than this server's ${MIGRATIONS.length}`,
        ),
    );
    assert.equal(migrationRows(file).length, MIGRATIONS.length + 1);
  });

  it('refuses a file that is not a database, naming it', () => {
    const file = join(tempDir(), 'labels.csv');
    writeFileSync(
      file,
      'this is not a database, it is just a long enough text file to have a header page\n'.repeat(20),
    );
    assert.throws(
      () => openSqliteStore(file, { clock: clock.now }),
      (error: unknown) => {
        return error instanceof StoreOpenError && error.message.includes(file);
      },
    );
    assert.match(readFileSync(file, 'utf8'), /^this is not a database/);
  });

  it('refuses a database of another program instead of adding tables to it', () => {
    const file = join(tempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE patients (name TEXT)');
    other.close();
    assert.throws(() => openSqliteStore(file, { clock: clock.now }), /some other program/);
    const db = new Database(file, { readonly: true });
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all(), [
      { name: 'patients' },
    ]);
    db.close();
    assert.throws(
      () => openSqliteStore(join(tempDir(), 'x.sqlite'), { clock: clock.now, busyTimeoutMs: -1 }),
      RangeError,
    );
  });

  it('refuses migrations that are out of order', () => {
    const db = new Database(':memory:');
    const [first, second] = MIGRATIONS as [(typeof MIGRATIONS)[0], (typeof MIGRATIONS)[0]];
    assert.throws(() => migrate(db, [second, first], () => ''), /expected 1/);
    db.close();
  });

  it('enforces foreign keys and refuses a broken clock', () => {
    const file = join(tempDir(), 'fk.sqlite');
    const store = openSqliteStore(file, { clock: clock.now });
    try {
      store.models.register({ version: 'v1', parent: null, sha256: SHA, metrics: {}, modelCard: {} }, admin);
      assert.throws(
        () => store.scores.replaceForVersion('v1', [score('no-such-candidate', 1)], admin),
        /FOREIGN KEY/,
      );
      assert.equal(store.scores.count('v1'), 0);
    } finally {
      store.close();
    }
    const broken = openSqliteStore(file, { clock: () => new Date(Number.NaN) });
    try {
      assert.throws(() => broken.candidates.register(ref(2)), /clock must return a valid Date/);
      assert.equal(broken.candidates.count(), 0);
    } finally {
      broken.close();
    }
  });
});
