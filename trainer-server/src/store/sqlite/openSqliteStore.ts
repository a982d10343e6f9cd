import Database from 'better-sqlite3';
import { auditUnit } from '../auditUnit.js';
import { StoreOpenError } from '../errors.js';
import type { Clock, Store } from '../ports.js';
import { createAuditLog } from './auditLog.js';
import { createAuditSampleStore } from './auditSample.js';
import { createCandidateStore } from './candidates.js';
import { createConsensusStore } from './consensus.js';
import { createContext, isoNow } from './context.js';
import { createJobStore, failInterruptedJobs } from './jobs.js';
import { createLabelExport } from './labelExport.js';
import { createLabelStore } from './labels.js';
import { createLeaseStore } from './leases.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { createModelStore } from './models.js';
import { createScoreStore } from './scores.js';
import { createTokenStore } from './tokens.js';

export interface SqliteStoreOptions {
  readonly clock: Clock;
  /** How long a writer waits for another connection's transaction before failing (ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the store in one SQLite file and brings its schema up to date. One server
 * process owns a file: opening marks any job left `running` as failed, since its process is gone.
 * WAL lets readers run beside the single writer; synchronous=FULL makes a committed label survive power loss.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${String(busyTimeoutMs)}`);
  }
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw new StoreOpenError(`cannot open ${file} as a SQLite database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    // Before the migrations: the one that adds candidates.audit_unit fills it with this function.
    db.function('aift_audit_unit', { deterministic: true }, (studyUid) => auditUnit(String(studyUid)));
    migrate(db, MIGRATIONS, () => isoNow(options.clock));
    const ctx = createContext(db, options.clock);
    failInterruptedJobs(ctx);
    return {
      candidates: createCandidateStore(ctx),
      labels: createLabelStore(ctx),
      consensus: createConsensusStore(ctx),
      audit: createAuditLog(ctx),
      models: createModelStore(ctx),
      scores: createScoreStore(ctx),
      leases: createLeaseStore(ctx),
      auditSample: createAuditSampleStore(ctx),
      jobs: createJobStore(ctx),
      tokens: createTokenStore(ctx),
      exports: createLabelExport(ctx),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
