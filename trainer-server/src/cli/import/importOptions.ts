// The command line of `npm run import`, checked once; a bad argument is a UsageError naming it.
import { parseArgs } from 'node:util';
import type { DicomWebAuth } from '../../pacs/dicomWebConfig.js';
import { isSplitName, SPLIT_NAMES } from '../../datasets/labeledDataset.js';
import type { SplitName } from '../../datasets/labeledDataset.js';
import { UsageError } from '../start/startOptions.js';

const DEFAULT_BATCH = 8;

export const IMPORT_USAGE = `Usage: npm run import -- <dicom | dataset> <path> [options]

  npm run import -- dicom <folder> --pacs URL
      Sends every DICOM Part-10 file under <folder> (recursively) to the PACS by STOW-RS. A file that is
      not DICOM, is cut short or is refused by the PACS is reported with its path and reason; the rest go on.

  npm run import -- dataset <file.npz | manifest.csv> --pacs URL [--split S] [--limit N] [--truth FILE]
      Turns a labeled data set of the simulation harness (docs/simulation.md) into 8-bit Secondary Capture
      instances (grey, or RGB for a colour data set), one study per image or per manifest group, under the
      patient <group>^IMPORTED (IMPORTED^<data set name> without a group); SeriesDescription "<name>
      <split>". Sends them by STOW-RS and writes the ground truth as CSV: studyInstanceUid,
      seriesInstanceUid, sopInstanceUid, frame (the DICOM frame number, from 1), pacsFrameId
      ("<sopInstanceUid>/<frame>"), label, split, group, source. UIDs are derived from the data set's
      name and each image's id and pixels, so importing again stores nothing new. A manifest row whose
      image is missing or unreadable is reported with its line and skipped.

Options:
  --pacs URL        DICOMweb root; STOW-RS goes to URL/studies (default: AIFT_DICOMWEB_URL)
  --token TOKEN     bearer token for the PACS (default: AIFT_DICOMWEB_TOKEN; prefer the variable, a command
                    line can be seen by other users of the machine)
  --user NAME       HTTP basic user for the PACS; the password is read from AIFT_DICOMWEB_PASSWORD
  --batch N         instances per STOW-RS request (default ${DEFAULT_BATCH})
  dataset only:
  --split S         import only split S (${SPLIT_NAMES.join(', ')}; default: all of them)
  --limit N         import at most the first N images (train, then val, then test, in file order)
  --classes LIST    class names in index order (.npz labels are indices; default "class 0", "class 1", ...)
  --truth FILE      the ground-truth CSV (default: <name>.truth.csv, or <name>.<split>.truth.csv with
                    --split, in the current folder); written to a temp file and renamed when complete
  -h, --help        this text

Exit code: 0 when at least one instance was stored and the PACS refused none; 1 when nothing was stored,
the PACS refused an instance or could not be reached; 2 for a bad command line. Files skipped before
sending (not DICOM, cut short, bad manifest rows) are reported but do not change the exit code.`;

interface CommonOptions {
  /** DICOMweb root without a trailing slash. */
  readonly pacs: string;
  readonly auth: DicomWebAuth | undefined;
  readonly batchSize: number;
}

export interface ImportDicomOptions extends CommonOptions {
  readonly command: 'dicom';
  readonly folder: string;
}

export interface ImportDatasetOptions extends CommonOptions {
  readonly command: 'dataset';
  readonly file: string;
  readonly split: SplitName | undefined;
  readonly limit: number | undefined;
  readonly classes: readonly string[] | undefined;
  /** Unset: the default name in the current folder. */
  readonly truth: string | undefined;
}

export type ImportOptions = ImportDicomOptions | ImportDatasetOptions;

const COMMON_FLAGS = ['pacs', 'token', 'user', 'batch'] as const;
const DATASET_FLAGS = ['split', 'limit', 'classes', 'truth'] as const;

/** `env` supplies AIFT_DICOMWEB_URL, AIFT_DICOMWEB_TOKEN and AIFT_DICOMWEB_PASSWORD. */
export function parseImportOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ImportOptions {
  const [command, ...rest] = argv;
  if (command !== 'dicom' && command !== 'dataset') {
    throw new UsageError(
      `${command === undefined ? 'missing subcommand' : `unknown subcommand "${command}"`}: ` +
        `expected dicom or dataset\n\n${IMPORT_USAGE}`,
    );
  }
  const flags = command === 'dicom' ? COMMON_FLAGS : [...COMMON_FLAGS, ...DATASET_FLAGS];
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }])),
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${IMPORT_USAGE}`);
  }
  // Every option is declared a string, so no value is a boolean or an array.
  const values = parsed.values as Record<string, string | undefined>;
  const { positionals } = parsed;
  const what = command === 'dicom' ? '<folder>' : '<file.npz | manifest.csv>';
  if (positionals.length !== 1 || positionals[0] === '') {
    throw new UsageError(
      `expected one ${what}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`,
    );
  }
  const path = positionals[0]!;
  const common = {
    pacs: pacsOf(values.pacs, env),
    auth: authOf(values, env),
    batchSize: batchOf(values.batch),
  };
  if (command === 'dicom') return { command, folder: path, ...common };

  if (!/\.(npz|csv)$/i.test(path)) {
    throw new UsageError(`${path}: expected a .npz file or a .csv manifest`);
  }
  const split = values.split?.toLowerCase();
  if (split !== undefined && !isSplitName(split)) {
    throw new UsageError(`--split must be one of ${SPLIT_NAMES.join(', ')}, got "${values.split}"`);
  }
  const classes = values.classes?.split(',').map((name) => name.trim());
  if (classes !== undefined && (classes.length === 0 || classes.some((name) => name === ''))) {
    throw new UsageError(`--classes must be a comma-separated list of names, got "${values.classes}"`);
  }
  if (values.truth === '') throw new UsageError('--truth needs a file name');
  return {
    command,
    file: path,
    split,
    limit: values.limit === undefined ? undefined : positiveInteger('--limit', values.limit),
    classes,
    truth: values.truth,
    ...common,
  };
}

function pacsOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const pacs = flag ?? env.AIFT_DICOMWEB_URL;
  const source = flag === undefined ? 'AIFT_DICOMWEB_URL' : '--pacs';
  if (pacs === undefined || pacs === '') {
    throw new UsageError('--pacs URL is required (or set AIFT_DICOMWEB_URL): the DICOMweb root to send to');
  }
  let url: URL;
  try {
    url = new URL(pacs);
  } catch {
    throw new UsageError(`${source} must be an http(s) URL of a DICOMweb root, got "${pacs}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http(s) URL of a DICOMweb root, got "${pacs}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`${source} must not carry credentials: use --user or --token`);
  }
  return pacs.replace(/\/+$/, '');
}

/** The same shape as the trainer's config.dicomweb.auth. */
function authOf(
  values: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
): DicomWebAuth | undefined {
  const token = values.token ?? (env.AIFT_DICOMWEB_TOKEN || undefined);
  if (values.user !== undefined) {
    if (values.token !== undefined) throw new UsageError('--user and --token exclude each other');
    if (values.user === '' || values.user.includes(':')) {
      throw new UsageError(`--user must be a user name without ":", got "${values.user}"`);
    }
    const password = env.AIFT_DICOMWEB_PASSWORD;
    if (password === undefined) {
      throw new UsageError('--user needs the password in the environment variable AIFT_DICOMWEB_PASSWORD');
    }
    return { kind: 'basic', username: values.user, password };
  }
  if (token === undefined) return undefined;
  if (token === '') throw new UsageError('--token is empty');
  return { kind: 'bearer', token };
}

function batchOf(raw: string | undefined): number {
  return raw === undefined ? DEFAULT_BATCH : positiveInteger('--batch', raw);
}

function positiveInteger(flag: string, raw: string): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(Number.isSafeInteger(value) && value >= 1)) {
    throw new UsageError(`${flag} must be a whole number >= 1, got "${raw}"`);
  }
  return value;
}
