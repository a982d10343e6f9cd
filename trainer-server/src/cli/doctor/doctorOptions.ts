// The command line of `npm run doctor`, checked once; a bad flag is a UsageError naming it.
import { parseFlags } from '../parseFlags.js';
import { UsageError } from '../start/startOptions.js';

export interface DoctorOptions {
  /** The DICOMweb root to check; unset, the configured one (or npm start's local Orthanc). */
  readonly pacs: string | undefined;
  /** npm start's data folder (its trainer/ holds the store). */
  readonly dataDir: string;
}

export const DOCTOR_USAGE = `Usage: npm run doctor -- [options]

Checks the set-up of the AIFT trainer and says what to fix. Exit code 0 when nothing FAILs, 1 otherwise.

  --pacs URL        the DICOMweb root to check (default: AIFT_DICOMWEB_URL / the AIFT_CONFIG file)
  --data-dir DIR    npm start's data folder (default: .data in the repository)
  -h, --help        this text`;

export function parseDoctorOptions(argv: readonly string[], defaultDataDir: string): DoctorOptions {
  const values = parseFlags(argv, ['pacs', 'data-dir'], [], DOCTOR_USAGE);
  const pacs = values.get('--pacs');
  if (pacs !== undefined && !/^https?:\/\/[^\s]+$/.test(pacs)) {
    throw new UsageError('--pacs must be an http(s) URL of a DICOMweb root');
  }
  return { pacs: pacs?.replace(/\/+$/, ''), dataDir: values.get('--data-dir') ?? defaultDataDir };
}
