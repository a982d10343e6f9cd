// A throw-away Orthanc (Debian's package, run as a plain child process) for tests that need a real PACS.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ORTHANC_BINARY = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
const SETPRIV = '/usr/bin/setpriv';
const INSTALL_HINT =
  "install Debian's packages as root: apt-get install -y --no-install-recommends orthanc orthanc-dicomweb";
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;

export interface RunningOrthanc {
  /** Orthanc's REST root, e.g. http://127.0.0.1:39123 */
  readonly url: string;
  /** The DICOMweb root (QIDO-RS, WADO-RS, STOW-RS), e.g. http://127.0.0.1:39123/dicom-web */
  readonly dicomWebRoot: string;
  /** SIGTERM, wait for the exit (SIGKILL after a timeout), remove the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Orthanc with the DICOMweb plugin only, HTTP on a free loopback port chosen now, remote access
 * refused, the DICOM (DIMSE) server disabled and its storage in a new temp dir. Resolves once `/system`
 * answers. Orthanc 1.10 cannot bind to one address, so it listens on all of them; RemoteAccessAllowed
 * false makes it refuse HTTP clients that are not on loopback.
 */
export async function startOrthanc(): Promise<RunningOrthanc> {
  for (const path of [ORTHANC_BINARY, DICOMWEB_PLUGIN]) {
    if (!existsSync(path)) throw new Error(`Orthanc is not installed (${path} is missing): ${INSTALL_HINT}`);
  }
  let lastError: unknown;
  // The port is free when picked but could be taken before Orthanc binds it: then try another one.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(await freeLoopbackPort());
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`Orthanc did not start after ${START_ATTEMPTS} attempts`, { cause: lastError });
}

/** POSTs Part-10 files to Orthanc's `/instances`; returns Orthanc's instance ids. */
export async function uploadPart10(orthanc: RunningOrthanc, files: readonly Uint8Array[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const response = await fetch(`${orthanc.url}/instances`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom' },
      body: file,
    });
    const body = (await response.json()) as { ID?: string; Status?: string };
    if (!response.ok || body.ID === undefined || body.Status === 'Failure') {
      throw new Error(`Orthanc refused an upload: HTTP ${response.status} ${JSON.stringify(body)}`);
    }
    ids.push(body.ID);
  }
  return ids;
}

async function startOnce(port: number): Promise<RunningOrthanc> {
  const dir = mkdtempSync(join(tmpdir(), 'aift-orthanc-'));
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(orthancConfig(dir, port), null, 2));
  const orthanc = [ORTHANC_BINARY, configPath, `--logdir=${dir}`];
  // setpriv (util-linux) execs Orthanc with SIGKILL as its parent-death signal, so that even a test
  // process killed with SIGKILL, which runs no exit handler, takes its Orthanc with it.
  const [command, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', ...orthanc] : orthanc;
  const child = spawn(command!, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test run that ends without stop() (a crash, a failed before-hook) must not leave Orthanc behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await terminate(child, exited);
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dicomWebRoot: `${url}/dicom-web`, stop };
}

function orthancConfig(dir: string, port: number): Record<string, unknown> {
  return {
    Name: 'AIFT-TEST',
    StorageDirectory: join(dir, 'db'),
    IndexDirectory: join(dir, 'db'),
    HttpServerEnabled: true,
    HttpPort: port,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    SslEnabled: false,
    WebDavEnabled: false,
    OrthancExplorerEnabled: false,
    DicomServerEnabled: false,
    DicomModalities: {},
    OrthancPeers: {},
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Ssl: false },
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Orthanc exited before it answered (code ${child.exitCode}, signal ${child.signalCode})`,
      );
    }
    try {
      if ((await fetch(`${url}/system`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Orthanc did not answer ${url}/system within ${READY_TIMEOUT_MS} ms`);
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
  });
  const killed = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (killed) {
    child.kill('SIGKILL');
    await exited;
  }
}
