// Runs a form of the start command (the built start.js, or `npm start`) until it prints "Ready.".
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** A first start imports the 300 demo images and embeds them all (the cold start): minutes on a busy CPU. */
const READY_TIMEOUT_MS = 300_000;

export interface StartRun {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/**
 * Spawns `command args` and resolves once it prints "Ready." (after the URL and the tokens); rejects with
 * its output if it exits first or is not ready in time (it is then SIGKILLed). `detached` puts the command
 * in a process group of its own, so a test can find and kill everything it started.
 */
export async function startUntilReady(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly detached?: boolean } = {},
): Promise<StartRun> {
  const child = spawn(command, args, {
    ...options,
    env: { ...process.env, AIFT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', () => {
      if (!output.includes('\nReady.')) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
  await ready;
  return { child, output: () => output, exited };
}
