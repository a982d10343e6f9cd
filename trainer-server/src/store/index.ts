// The storage module's public face: the ports, their errors, and the SQLite back-end that implements them.
export type * from './ports.js';
export { SKIP, UNSURE } from './ports.js';
export { ConflictError, ForbiddenError, NotFoundError, StoreOpenError } from './errors.js';
export { candidateId } from './candidateId.js';
export { decideConsensus } from './decideConsensus.js';
export { openSqliteStore } from './sqlite/openSqliteStore.js';
export type { SqliteStoreOptions } from './sqlite/openSqliteStore.js';
