// The real server entry point (trainer-server/src/main.ts, run from source by tsx) as a child process, so
// that a benchmark's HTTP clients and the server each get a core instead of sharing one event loop.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../trainer-server/src/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface TrainerProcess {
  /** e.g. http://127.0.0.1:39123 */
  readonly url: string;
  /** SIGTERM (SIGKILL after a timeout); resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts main.ts with `env` (AIFT_* variables) on a free loopback port; its log lines go to `logFile`,
 * not through a pipe the benchmark would have to drain. Resolves once it logs its URL (needs log level
 * info or lower).
 */
export async function startTrainerProcess(
  env: Record<string, string>,
  logFile: string,
): Promise<TrainerProcess> {
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env, AIFT_LISTEN_HOST: '127.0.0.1', AIFT_LISTEN_PORT: '0' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
    })();
    return stopping;
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const output = readFileSync(logFile, 'utf8');
    const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api"/.exec(output)?.[1];
    if (url !== undefined) return { url, stop };
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`main.ts exited (${child.exitCode ?? child.signalCode}) before listening:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`main.ts did not listen within ${READY_TIMEOUT_MS} ms:\n${readFileSync(logFile, 'utf8')}`);
}
