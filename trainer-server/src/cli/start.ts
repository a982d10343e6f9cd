// `npm start`: a local Orthanc PACS (with the chest X-ray demo on first start), the trainer server on
// it, API tokens on first start, the pool registered and cold-started so the worklist answers at once.
// Ctrl-C, SIGTERM, SIGHUP or the death of whoever started it stops all of it, Orthanc included.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../http/index.js';
import { DicomWebImageSource } from '../pacs/DicomWebImageSource.js';
import { authorization } from '../pacs/dicomWebConfig.js';
import { PacsError } from '../pacs/pacsErrors.js';
import { createServer } from '../server.js';
import type { TrainerServer } from '../server.js';
import { PoolService } from '../services/index.js';
import type { TrainingRun } from '../services/index.js';
import type { Actor } from '../store/index.js';
import { watchParents } from './start/lifeline.js';
import { OrthancNotInstalledError, startLocalOrthanc } from './start/localOrthanc.js';
import { CXR_DEMO, seedDemoIfEmpty } from './start/seedDemo.js';
import { parseStartOptions, START_USAGE, UsageError } from './start/startOptions.js';
import { replaceTokens, revokePageTokens } from './start/replaceTokens.js';
import { MODE_ROUTE, START_CASE_PARAM, startViewer } from './start/viewer.js';
import { DEMO_TOKENS, welcomeText } from './start/welcome.js';
import type { DemoTokens } from './start/welcome.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
/** Who creates the tokens and runs the cold start, in the audit log. */
const START_ACTOR: Actor = { name: 'npm-start', role: 'admin' };
const SHUTDOWN_GRACE_MS = 10_000;

const log = (line: string) => console.log(`[start] ${line}`);

/** Undone in reverse order on a stop signal or a failed start. */
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`[start] while stopping: ${(error as Error).message}`);
    }
  }
}

/** Repeats are ignored: Ctrl-C reaches npm and this process both, and npm forwards its copy. */
function stopOn(reason: string): void {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  setTimeout(() => {
    console.error('[start] still stopping after the grace period; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 20_000).unref();
  void stopAll().then(() => {
    log('stopped');
    process.exit(0);
  });
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(START_USAGE);
    return;
  }
  const options = parseStartOptions(argv, join(REPOSITORY, '.data'));
  const dataDir = resolve(options.dataDir);
  const configured = ['AIFT_PROJECT_CLASSES', 'AIFT_CONFIG'].some((name) => process.env[name]);
  if (options.pacs !== undefined && options.classes === undefined && !configured) {
    throw new UsageError("--pacs needs the project's classes: add --classes A,B (two or more)");
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stopOn);
  watchParents(stopOn);

  let dicomWebRoot: string;
  const demoTruth = join(dataDir, 'demo-truth.csv');
  if (options.pacs === undefined) {
    const orthanc = await startLocalOrthanc(join(dataDir, 'orthanc'), options.pacsPort);
    cleanups.push(() => orthanc.stop());
    log(`Orthanc (pid ${orthanc.pid}) at ${orthanc.url}, storage ${join(dataDir, 'orthanc')}`);
    const imported = await seedDemoIfEmpty(orthanc, demoTruth);
    if (imported > 0) {
      log(
        `the PACS was empty: imported the demo, ${imported} chest X-rays of PneumoniaMNIST (CC BY 4.0, ` +
          `demo/chest-xray/ATTRIBUTION.md) to label ${CXR_DEMO.classes.join(' / ')}; their ground truth, ` +
          `for simulations only (the trainer learns from readers' labels), is in ${demoTruth}`,
      );
    }
    dicomWebRoot = orthanc.dicomWebRoot;
  } else {
    log(`using the DICOMweb server at ${options.pacs} (no local Orthanc, nothing uploaded)`);
    dicomWebRoot = options.pacs;
  }
  if (stopping) return;

  const classes = options.classes ?? (options.pacs === undefined ? CXR_DEMO.classes : undefined);
  const config = loadConfig(
    {
      AIFT_LOG_LEVEL: 'warn',
      AIFT_LISTEN_HOST: '127.0.0.1',
      ...process.env,
      AIFT_DATA_DIR: join(dataDir, 'trainer'),
      AIFT_DICOMWEB_URL: dicomWebRoot,
      ...(classes && { AIFT_PROJECT_CLASSES: classes.join(',') }),
      ...(options.port !== undefined && { AIFT_LISTEN_PORT: String(options.port) }),
    },
    (path) => readFileSync(path, 'utf8'),
  );
  const { version } = JSON.parse(readFileSync(join(REPOSITORY, 'trainer-server/package.json'), 'utf8')) as {
    version: string;
  };
  log('loading the backbone (nsfwjs MobileNetV2)');
  const trainer = await createServer(config, { logger: createLogger({ level: config.logLevel }), version });
  cleanups.push(() => trainer.close());
  if (stopping) return;

  const source = new DicomWebImageSource({
    url: dicomWebRoot,
    ...(config.dicomweb.auth && { auth: config.dicomweb.auth }),
    ...(config.dicomweb.timeoutMs !== undefined && { timeoutMs: config.dicomweb.timeoutMs }),
  });
  const pool = new PoolService({ store: trainer.store, source });
  const registration = await pool.register({});
  log(`pool: ${registration.listed} frames in the PACS, ${registration.registered} new`);
  await coldStartIfNeeded(trainer);
  if (stopping) return;

  const viewer = await startViewer({
    trainer,
    dicomWebRoot,
    ...(config.dicomweb.auth && { dicomWebHeaders: { Authorization: authorization(config.dicomweb.auth) } }),
    host: config.listen.host,
    port: config.listen.port,
    log,
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE'
      ? new UsageError(`port ${config.listen.port} is taken: pass --port N (or --port 0 for any free port)`)
      : error;
  });
  cleanups.push(() => viewer.close());
  // Made only now, right before they are printed: a start stopped earlier must not leave unseen tokens.
  const tokens = printTokens(trainer, options.newTokens);
  console.log(
    welcomeText({
      viewerUrl: viewer.url,
      firstCase: await firstCaseUrl(source, viewer.url),
      apiUrl: `${viewer.url}/api`,
      pacs: dicomWebRoot,
      classes: config.project.classes,
      candidates: trainer.store.candidates.count(),
      demoTruth: options.pacs === undefined ? demoTruth : undefined,
      tokens,
      tokensFile: join(config.dataDir, 'aift.sqlite'),
      training: config.training,
    }),
  );
}

/**
 * New tokens on the first start (no token made by this command yet) or when asked to replace lost ones; the
 * earlier ones are then revoked. Names are unique in the store, so later sets get a generation suffix.
 * A page token an earlier version served in app-config.js is revoked on every start.
 */
function printTokens(trainer: TrainerServer, replace: boolean): DemoTokens | undefined {
  const { tokens } = trainer.store;
  revokePageTokens(tokens, START_ACTOR);
  const ours = tokens.list().filter((t) => t.createdBy === START_ACTOR.name);
  if (ours.length > 0 && !replace) return undefined;
  return replaceTokens(tokens, ours, DEMO_TOKENS, START_ACTOR);
}

/** Before the first published model the worklist is empty: publish the backbone and rank the pool now. */
async function coldStartIfNeeded(trainer: TrainerServer): Promise<void> {
  if (trainer.store.models.latest() !== undefined || trainer.store.candidates.count() === 0) return;
  log(`cold start: embedding ${trainer.store.candidates.count()} frames and ranking them (first start only)`);
  const run: TrainingRun = trainer.training.startColdStart(START_ACTOR);
  cleanups.push(async () => {
    trainer.training.cancel(run.job.id);
    await run.done;
  });
  const job = await run.done;
  if (job.status !== 'succeeded') {
    if (stopping) return;
    throw new Error(`the cold start ${job.status}: ${job.error ?? job.message ?? 'no reason given'}`);
  }
  log(`cold start done: model ${trainer.store.models.latest()?.version ?? '?'} published, worklist ranked`);
}

/**
 * The labeling route on a study of the pool, asking the extension to open the reader's top worklist case
 * (the worklist is leased per reader, so only the page knows it); from there, "Next case" walks the list.
 */
async function firstCaseUrl(source: DicomWebImageSource, viewerUrl: string): Promise<string | undefined> {
  const [first] = await source.listCandidates({ limit: 1 });
  return (
    first && `${viewerUrl}/${MODE_ROUTE}?StudyInstanceUIDs=${first.studyInstanceUid}&${START_CASE_PARAM}=top`
  );
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const usage = error instanceof UsageError || error instanceof ConfigError;
  // These messages say what to do; a stack trace would only bury them.
  const explained = usage || error instanceof OrthancNotInstalledError || error instanceof PacsError;
  console.error(explained ? `[start] ${(error as Error).message}` : error);
  stopping = true;
  await stopAll();
  process.exit(usage ? 2 : 1);
}
