// The local PACS of `npm start`: Debian's Orthanc as a child process, its storage in a folder of the project.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ORTHANC_BINARY = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
/** What Debian's orthanc and orthanc-dicomweb packages install and the local PACS needs. */
export const ORTHANC_FILES = [ORTHANC_BINARY, DICOMWEB_PLUGIN] as const;
const SETPRIV = '/usr/bin/setpriv';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** Orthanc or its DICOMweb plugin is missing; the message names the packages to install. */
export class OrthancNotInstalledError extends Error {
  constructor(missing: string) {
    super(
      `Orthanc is not installed (${missing} is missing). Install Debian's packages as root:\n` +
        '  apt-get install -y --no-install-recommends orthanc orthanc-dicomweb\n' +
        '(scripts/setup.sh does this), or point at a DICOMweb server you run yourself with --pacs URL.',
    );
    this.name = 'OrthancNotInstalledError';
  }
}

export interface LocalOrthanc {
  /** Orthanc's REST root, e.g. http://127.0.0.1:8042 */
  readonly url: string;
  /** The DICOMweb root (QIDO-RS, WADO-RS, STOW-RS). */
  readonly dicomWebRoot: string;
  readonly pid: number;
  /** SIGTERM, wait for the exit (SIGKILL after a timeout). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Orthanc with the DICOMweb plugin only, its database in `storageDir`, HTTP on `port` (0: a free
 * one), remote access refused, the DICOM (DIMSE) server off. Resolves once `/system` answers. Orthanc 1.10
 * cannot bind to one address, so it listens on all of them; RemoteAccessAllowed false makes it refuse
 * HTTP clients that are not on loopback.
 */
export async function startLocalOrthanc(storageDir: string, port: number): Promise<LocalOrthanc> {
  for (const path of ORTHANC_FILES) {
    if (!existsSync(path)) throw new OrthancNotInstalledError(path);
  }
  const httpPort = port === 0 ? await freeLoopbackPort() : port;
  const logDir = join(storageDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const configPath = join(storageDir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(orthancConfig(storageDir, httpPort), null, 2));
  const orthanc = [ORTHANC_BINARY, configPath, `--logdir=${logDir}`];
  // setpriv (util-linux) gives Orthanc SIGKILL as its parent-death signal: even when this process is
  // killed with SIGKILL, which runs no handler, Orthanc goes with it.
  const [command, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', ...orthanc] : orthanc;
  const child = spawn(command!, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= terminate(child, exited).then(() => void process.removeListener('exit', killOnExit));
    return stopping;
  };
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitUntilReady(url, child, logDir);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dicomWebRoot: `${url}/dicom-web`, pid: child.pid!, stop };
}

function orthancConfig(storageDir: string, port: number): Record<string, unknown> {
  const db = join(storageDir, 'db');
  return {
    Name: 'AIFT-LOCAL',
    StorageDirectory: db,
    IndexDirectory: db,
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

export function freeLoopbackPort(): Promise<number> {
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

async function waitUntilReady(url: string, child: ChildProcess, logDir: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Orthanc exited before it answered (code ${child.exitCode}, signal ${child.signalCode}); ` +
          `its log is in ${logDir} (is the port taken, or another Orthanc using this storage?)`,
      );
    }
    try {
      if ((await fetch(`${url}/system`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Orthanc did not answer ${url}/system within ${READY_TIMEOUT_MS} ms; see ${logDir}`);
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
