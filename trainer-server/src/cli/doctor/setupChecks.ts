// Checks of this installation's set-up: the configuration, the PACS behind it, the data folder and its store.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, ENV_VARIABLES, loadConfig } from '../../config/index.js';
import type { Environment, ReadFile, ServerConfig } from '../../config/index.js';
import { redactUrl, resolveDicomWebConfig } from '../../pacs/dicomWebConfig.js';
import type { DicomWebAuth } from '../../pacs/dicomWebConfig.js';
import { MIGRATIONS } from '../../store/sqlite/migrations.js';
import { CXR_DEMO } from '../start/seedDemo.js';
import { fail, ok, reasonOf, warn } from './check.js';
import type { CheckResult } from './check.js';

const PACS_TIMEOUT_MS = 10_000;
/** Stands in for npm start's local Orthanc, whose port is picked at each start, so the schema can be checked. */
const LOCAL_PACS_PLACEHOLDER = 'http://127.0.0.1:8042/dicom-web';
export const STORE_FILE = 'aift.sqlite';

export interface ConfigCheck {
  readonly result: CheckResult;
  /** The loaded configuration, when it is valid. */
  readonly config: ServerConfig | undefined;
  /** Whether AIFT_CONFIG or an AIFT_* variable set anything (else npm start's defaults apply). */
  readonly configured: boolean;
}

/**
 * The server's own loader on the environment. Without AIFT_CONFIG or AIFT_* variables, npm start's
 * defaults: its trainer folder, the demo classes, its local Orthanc.
 */
export function checkConfig(
  env: Environment,
  readFile: ReadFile,
  defaults: { trainerDir: string; pacs: string | undefined },
): ConfigCheck {
  const names = ['AIFT_CONFIG', ...ENV_VARIABLES.map((v) => v.name)];
  const configured = names.some((name) => (env[name] ?? '') !== '');
  // Configured: the server's configuration as it stands; else what npm start passes to the same loader.
  const merged: Environment = {
    AIFT_DATA_DIR: defaults.trainerDir,
    ...(!configured && { AIFT_DICOMWEB_URL: LOCAL_PACS_PLACEHOLDER }),
    ...(!configured && defaults.pacs === undefined && { AIFT_PROJECT_CLASSES: CXR_DEMO.classes.join(',') }),
    ...env,
    ...(defaults.pacs !== undefined && { AIFT_DICOMWEB_URL: defaults.pacs }),
  };
  try {
    const config = loadConfig(merged, readFile);
    const source = configured
      ? (env['AIFT_CONFIG'] ?? '') !== ''
        ? `valid (${env['AIFT_CONFIG']} and AIFT_* variables)`
        : 'valid (AIFT_* variables)'
      : 'npm start defaults (no AIFT_CONFIG, no AIFT_* variables)';
    return {
      result: ok('configuration', `${source}; project classes ${config.project.classes.join(', ')}`),
      config,
      configured,
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      result: fail(
        'configuration',
        error.issues.join('; '),
        'correct each field named above where it is set (see trainer-server/src/config/README.md)',
      ),
      config: undefined,
      configured,
    };
  }
}

/** A QIDO-RS `/studies?limit=1`: the PACS answers and speaks DICOMweb. */
export async function checkPacs(
  url: string | undefined,
  auth: DicomWebAuth | undefined,
): Promise<CheckResult> {
  const name = 'pacs';
  if (url === undefined) {
    return warn(
      name,
      'not checked: npm start starts its own Orthanc (on a new port each time)',
      'to check an external PACS run npm run doctor -- --pacs URL (or set AIFT_DICOMWEB_URL)',
    );
  }
  const shown = redactUrl(url);
  let headers: Readonly<Record<string, string>>;
  let qidoUrl: string;
  try {
    ({ headers, qidoUrl } = resolveDicomWebConfig({ url, ...(auth && { auth }) }));
  } catch (error) {
    return fail(
      name,
      `${shown}: ${reasonOf(error)}`,
      'give the DICOMweb root as an http(s) URL without user:password; credentials go in AIFT_DICOMWEB_TOKEN ' +
        'or dicomweb.auth of the AIFT_CONFIG file',
    );
  }
  const studies = `${qidoUrl.replace(/\/+$/, '')}/studies?limit=1`;
  let response: Response;
  try {
    response = await fetch(studies, {
      headers: { Accept: 'application/dicom+json', ...headers },
      signal: AbortSignal.timeout(PACS_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return fail(
      name,
      timedOut
        ? `${shown} did not answer within ${PACS_TIMEOUT_MS} ms`
        : `${shown} unreachable (${causeOf(error)})`,
      'start the PACS, or correct the URL (--pacs URL or AIFT_DICOMWEB_URL); check host, port and firewall',
    );
  }
  await response.body?.cancel();
  if (response.status === 401 || response.status === 403) {
    return fail(
      name,
      `${shown} answered HTTP ${response.status}`,
      'give the PACS credentials: AIFT_DICOMWEB_TOKEN (bearer) or dicomweb.auth in the AIFT_CONFIG file',
    );
  }
  if (response.status === 404) {
    return fail(
      name,
      `${shown} answered HTTP 404 to QIDO /studies`,
      'give the DICOMweb root (for Orthanc: http://HOST:8042/dicom-web, with the orthanc-dicomweb plugin)',
    );
  }
  if (!response.ok) {
    return fail(name, `${shown} answered HTTP ${response.status} to QIDO /studies`, "look at the PACS's log");
  }
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 204 && !/json/i.test(type)) {
    return fail(
      name,
      `${shown} answered QIDO /studies with ${type || 'no content type'}, not DICOM JSON`,
      'give the DICOMweb root of the PACS, not its web page',
    );
  }
  return ok(name, `${shown} answers DICOMweb (QIDO /studies HTTP ${response.status})`);
}

/** The trainer's folder can be written, and its store, when there is one, opens at a schema this server knows. */
export function checkDataDir(trainerDir: string): CheckResult[] {
  const name = 'data dir';
  const fix = `make ${trainerDir} writable by this user, or choose another one (--data-dir or AIFT_DATA_DIR)`;
  const exists = existsSync(trainerDir);
  // A real write, not access(): root passes access() on read-only mounts such as /proc.
  const probed = exists ? trainerDir : nearestExisting(trainerDir);
  try {
    rmSync(mkdtempSync(join(probed, '.aift-doctor-')), { recursive: true });
  } catch (error) {
    const where = exists ? trainerDir : `${trainerDir} does not exist and ${probed}`;
    return [fail(name, `${where} is not writable (${causeOf(error)})`, fix)];
  }
  if (!exists) return [ok(name, `${trainerDir} does not exist yet; it will be created (no store yet)`)];
  const file = join(trainerDir, STORE_FILE);
  if (!existsSync(file)) return [ok(name, `${trainerDir} writable (no store yet: created on first start)`)];
  return [ok(name, `${trainerDir} writable`), checkStore(file)];
}

/** Read-only: a running server may own the file, and opening it for writing would migrate it. */
function checkStore(file: string): CheckResult {
  const name = 'store';
  const known = MIGRATIONS.length;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const hasTable = db
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'migrations'",
      )
      .get();
    const version =
      hasTable?.n === 1
        ? (db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM migrations').get()?.v ?? 0)
        : 0;
    if (version > known) {
      return fail(
        name,
        `${file} has schema version ${version}, newer than this server's ${known}`,
        'upgrade the server, or restore a backup made by this version',
      );
    }
    if (version < known) {
      return ok(name, `${file} opens (schema version ${version}; migrated to ${known} on the next start)`);
    }
    return ok(name, `${file} opens (schema version ${version})`);
  } catch (error) {
    return fail(
      name,
      `${file} does not open as a SQLite database (${reasonOf(error)})`,
      'restore it from a backup, or move it away to start with an empty store',
    );
  } finally {
    db?.close();
  }
}

function nearestExisting(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** fetch's "fetch failed" hides the reason in its cause (ECONNREFUSED, ENOTFOUND, ...). */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code ?? (cause instanceof Error ? cause.message : reasonOf(error));
}
