import type Database from 'better-sqlite3';
import { StoreOpenError } from '../errors.js';
import type { Migration } from './migrations.js';

/**
 * Brings the file up to the last of `migrations`, each in its own IMMEDIATE transaction with its row in
 * `migrations`, so a crash between two leaves a file at a known version and a concurrent opener waits
 * instead of applying the same step twice. A file from a newer schema is refused before anything changes.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], now: () => string): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
    .all();
  if (tables.length > 0 && !tables.some((t) => t.name === 'migrations')) {
    throw new StoreOpenError(
      `${db.name} is a SQLite database of some other program (it has no migrations table)`,
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const appliedVersion = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM migrations');
  const record = db.prepare<[number, string, string]>('INSERT INTO migrations VALUES (?, ?, ?)');
  const known = migrations.length;
  const current = (): number => appliedVersion.get()?.v ?? 0;
  if (current() > known) {
    throw new StoreOpenError(
      `${db.name} has schema version ${current()}, newer than this server's ${known}: upgrade the server, ` +
        'or restore a backup made by this version',
    );
  }
  for (const migration of migrations) {
    db.transaction(() => {
      if (current() >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    }).immediate();
  }
}
