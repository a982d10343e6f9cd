// Runs a form of the start command (the built start.js, or `npm start`) until it prints "Ready.".
import { execFileSync, spawn } from 'node:child_process';
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
 * its output if it exits first or is not ready in time, and then SIGKILLs it. `detached` puts the command
 * in a process group of its own, so that everything it started can be found and killed with it (membersOf).
 */
export async function startUntilReady(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd?: string;
    readonly detached?: boolean;
    /** Added to this process's environment (AIFT_* settings of the trainer). */
    readonly env?: Readonly<Record<string, string>>;
  } = {},
): Promise<StartRun> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    detached: options.detached,
    env: { ...process.env, AIFT_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  /** SIGKILL to the command, or to its whole process group when it has one of its own. */
  const killAll = (): void => {
    try {
      if (options.detached) process.kill(-child.pid!, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killAll();
      reject(new Error(`not ready within ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    let isReady = false;
    child.stdout.on('data', () => {
      if (isReady || !output.includes('\nReady.')) return;
      isReady = true;
      clearTimeout(timer);
      resolve();
    });
    void exited.then((code) => {
      if (isReady) return; // a later exit is the test's to judge: nothing may be killed for it here
      clearTimeout(timer);
      killAll(); // what it started may outlive it
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
  await ready;
  return { child, output: () => output, exited };
}

export interface Member {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

/** Live processes of a group (zombies are dead, waiting only to be reaped). */
export function membersOf(group: number): Member[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-o', 'pid=,ppid=,stat=,args=', '-g', String(group)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when the group is empty
  }
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[3]!.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4]! }));
}
