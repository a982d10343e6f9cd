// The built server (trainer-server/dist/main.js, as `npm start` runs it) as a child process, for tests that
// kill it. `npm test` builds before it tests; run `npx tsc -b` first when running this file alone.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../trainer-server/dist/main.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface MainProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far (JSON log lines). */
  readonly output: () => string;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts main.js with `env` on a free port (AIFT_LISTEN_PORT=0); resolves once it logs its URL. */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first with npx tsc -b`);
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, AIFT_LISTEN_HOST: '127.0.0.1', AIFT_LISTEN_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let listening = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`main.js did not listen within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    child.once('exit', (code) => {
      if (!listening) fail(new Error(`main.js exited with ${code} before listening`));
    });
    child.stdout.on('data', () => {
      const found = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api"/.exec(output)?.[1];
      if (found === undefined || listening) return;
      listening = true;
      clearTimeout(timer);
      resolve(found);
    });
  });
  return {
    url,
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
