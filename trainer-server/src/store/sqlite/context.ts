import type Database from 'better-sqlite3';
import type { AuditAction, Clock, JsonObject } from '../ports.js';
import { checkName } from '../validate.js';

/** What every SQLite port shares: the connection, the checked clock, transactions and the audit writer. */
export interface SqliteContext {
  readonly db: Database.Database;
  /** The injected clock's time as stored (ISO-8601 UTC). */
  now(): string;
  /**
   * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before the first read, so two
   * connections never decide on the same stale snapshot, and a throw anywhere inside rolls back everything.
   */
  write<T>(fn: () => T): T;
  /** Appends an audit entry; call it inside `write`, so the entry commits or rolls back with its change. */
  audit(actor: string, action: AuditAction, subject: string, details?: JsonObject): number;
}

/** The clock's time as stored; a clock that returns anything but a valid Date is a bug we refuse to store. */
export function isoNow(clock: Clock): string {
  const time = clock();
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) {
    throw new TypeError('the store clock must return a valid Date');
  }
  return time.toISOString();
}

/** Call after migrating: it prepares statements on the schema's tables. */
export function createContext(db: Database.Database, clock: Clock): SqliteContext {
  const insertAudit = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)',
  );
  const now = (): string => isoNow(clock);
  return {
    db,
    now,
    write: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    audit(actor, action, subject, details = {}) {
      if (!db.inTransaction) throw new Error(`audit entry ${action} written outside a transaction`);
      const who = checkName('actor', actor);
      return Number(insertAudit.run(now(), who, action, subject, JSON.stringify(details)).lastInsertRowid);
    },
  };
}
