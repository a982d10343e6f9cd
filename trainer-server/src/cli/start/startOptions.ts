// The command line of `npm start`, checked once; a bad flag is a UsageError naming it.
import { parseFlags } from '../parseFlags.js';

export interface StartOptions {
  /** Everything `npm start` keeps: orthanc/ (the local PACS) and trainer/ (the trainer's data folder). */
  readonly dataDir: string;
  /** The trainer's HTTP port (0: a free one); unset, AIFT_LISTEN_PORT or 8787 applies. */
  readonly port: number | undefined;
  /** An existing DICOMweb root to use instead of the local Orthanc (which is then not started). */
  readonly pacs: string | undefined;
  /** The local Orthanc's HTTP port; 0 picks a free one at each start. */
  readonly pacsPort: number;
  /** Classes of the project; the demo's classes when the local PACS is used. */
  readonly classes: readonly string[] | undefined;
  /** Revoke the tokens earlier starts made and print new ones (for when they were lost). */
  readonly newTokens: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const START_USAGE = `Usage: npm start -- [options]

Starts a local Orthanc PACS (with a chest X-ray demo on first start) and the AIFT trainer server.

  --port N          trainer server port (default 8787; 0 = any free port)
  --pacs URL        use this existing DICOMweb root instead of starting Orthanc (nothing is uploaded to it)
  --pacs-port N     the local Orthanc's HTTP port (default: a free port)
  --classes A,B     the project's classes (only with --pacs; the demo's classes otherwise)
  --data-dir DIR    where the PACS and the trainer keep their data (default: .data in the repository)
  --new-tokens      revoke the API tokens that earlier starts printed and print new ones
  -h, --help        this text

AIFT_* environment variables (see trainer-server/src/config/README.md) still apply to the trainer.`;

/** `defaultDataDir` is used when --data-dir is absent. Throws UsageError; never returns partial options. */
export function parseStartOptions(argv: readonly string[], defaultDataDir: string): StartOptions {
  const values = parseFlags(
    argv,
    ['port', 'pacs', 'pacs-port', 'classes', 'data-dir'],
    ['new-tokens'],
    START_USAGE,
  );
  const pacs = values.get('--pacs');
  if (pacs !== undefined && !/^https?:\/\/[^\s]+$/.test(pacs)) {
    throw new UsageError(`--pacs must be an http(s) URL of a DICOMweb root, got "${pacs}"`);
  }
  const classes = values
    .get('--classes')
    ?.split(',')
    .map((c) => c.trim());
  if (classes !== undefined && pacs === undefined) {
    throw new UsageError('--classes goes with --pacs: the local demo PACS has its own classes');
  }
  return {
    dataDir: values.get('--data-dir') ?? defaultDataDir,
    port: portOf('--port', values.get('--port')),
    pacs: pacs?.replace(/\/+$/, ''),
    pacsPort: portOf('--pacs-port', values.get('--pacs-port')) ?? 0,
    classes,
    newTokens: values.has('--new-tokens'),
  };
}

function portOf(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`${flag} must be a port number in 0-65535, got "${raw}"`);
  return port;
}
