import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { checkModelVersion } from '../registry/modelIntegrity.js';
import type { ModelIntegrityError } from '../registry/modelIntegrity.js';
import { removeIncomingLeftovers } from '../registry/writeModelVersion.js';
import type { Actor, Store } from '../store/ports.js';

/** Who the audit trail names for what the start-up check changes (as for jobs it marks interrupted). */
const SYSTEM: Actor = { name: 'system', role: 'admin' };

export interface RegistryCheck {
  /** Temp folders of publishes a crash interrupted, now removed. */
  readonly removedLeftovers: readonly string[];
  /** Folders in versions/ the store never registered (a crash between rename and register): never served. */
  readonly unregistered: readonly string[];
  /** Registered versions whose files are missing or changed: never served. */
  readonly damaged: readonly ModelIntegrityError[];
  /** Set when `latest` was damaged and moved back to the newest intact version. */
  readonly latestMoved?: { readonly from: string; readonly to: string };
}

/**
 * The model registry's start-up check, before anything is published or served: removes the temp folders
 * of interrupted publishes, verifies every registered version's files against its sha256, and moves a
 * damaged `latest` back to the newest intact version (an audited rollback), so clients keep getting a
 * whole model. Everything it finds is logged; a damaged version stays registered, and its files are
 * refused with the integrity problem when asked for (readVerifiedModel).
 */
export async function checkModelRegistry(options: {
  readonly store: Pick<Store, 'models'>;
  readonly registryDir: string;
  readonly logger: Logger;
}): Promise<RegistryCheck> {
  const { store, registryDir, logger } = options;
  const removedLeftovers = removeIncomingLeftovers(registryDir);
  if (removedLeftovers.length > 0) {
    logger.warn({ removed: removedLeftovers }, 'removed the temp folders of interrupted model publishes');
  }
  const registered = store.models.list();
  const known = new Set(registered.map((m) => m.version));
  const unregistered = versionFolders(registryDir).filter((name) => !known.has(name));
  if (unregistered.length > 0) {
    logger.warn(
      { unregistered },
      'model folders that were never registered (an interrupted publish) are ignored',
    );
  }
  const damaged: ModelIntegrityError[] = [];
  for (const model of registered) {
    const problem = await checkModelVersion(registryDir, model.version, model.sha256);
    if (problem) damaged.push(problem);
  }
  for (const problem of damaged) logger.error({ version: problem.version }, problem.message);

  const check = { removedLeftovers, unregistered, damaged };
  const latest = store.models.latest()?.version;
  const isDamaged = (version: string) => damaged.some((d) => d.version === version);
  if (latest === undefined || !isDamaged(latest)) return check;
  const older = registered
    .slice(
      0,
      registered.findIndex((m) => m.version === latest),
    )
    .reverse();
  const fallback = older.find((m) => !isDamaged(m.version))?.version;
  if (fallback === undefined) {
    logger.error({ latest }, `latest model ${latest} is damaged and no older version is intact`);
    return check;
  }
  const reason = `start-up integrity check: ${damaged.find((d) => d.version === latest)!.message}`;
  store.models.rollback(fallback, SYSTEM, reason);
  logger.error({ from: latest, to: fallback }, `latest moved back from damaged ${latest} to ${fallback}`);
  return { ...check, latestMoved: { from: latest, to: fallback } };
}

function versionFolders(registryDir: string): string[] {
  try {
    return readdirSync(join(registryDir, 'versions'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
