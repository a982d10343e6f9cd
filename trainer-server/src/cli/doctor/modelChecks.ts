// `npm run doctor`'s look at the published models: every version the store registered must still be the
// bytes that were published. A running server refuses to serve a damaged version and moves `latest` back at
// its next start; doctor says so before anyone notices a 500.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { checkModelVersion } from '../../registry/modelIntegrity.js';
import { fail, ok, reasonOf } from './check.js';
import type { CheckResult } from './check.js';

const NAME = 'models';

/** Reads the store read-only (a running server may own it) and hashes every registered version. */
export async function checkModels(trainerDir: string, storeFile: string): Promise<CheckResult | undefined> {
  if (!existsSync(storeFile)) return undefined;
  let versions: { version: string; sha256: string }[];
  let latest: string | undefined;
  try {
    const db = new Database(storeFile, { readonly: true, fileMustExist: true });
    try {
      versions = db
        .prepare<[], { version: string; sha256: string }>(
          'SELECT version, sha256 FROM model_versions ORDER BY seq',
        )
        .all();
      latest = db
        .prepare<[], { version: string }>("SELECT version FROM pointers WHERE name = 'latest'")
        .get()?.version;
    } finally {
      db.close();
    }
  } catch (error) {
    // The store check says what is wrong with the file itself.
    return fail(NAME, `cannot list the model versions: ${reasonOf(error)}`, 'see the store check above');
  }
  if (versions.length === 0) return ok(NAME, 'no model published yet');
  const registry = join(trainerDir, 'models');
  const damaged = (
    await Promise.all(versions.map(({ version, sha256 }) => checkModelVersion(registry, version, sha256)))
  ).filter((problem) => problem !== undefined);
  if (damaged.length === 0) {
    return ok(NAME, `${versions.length} version(s) intact in ${registry} (latest ${latest ?? 'none'})`);
  }
  return fail(
    NAME,
    damaged.map((problem) => problem.message).join('; '),
    'restore the damaged version folders from a backup (docs/deployment.md); otherwise the server serves ' +
      'none of their bytes and, at its next start, moves latest back to the newest intact version',
  );
}
