// What the extension service tests share: a real Orthanc holding the disc studies of the trainer-server
// tests, a real trainer server (tiny backbone) with its pool registered and some cases labeled, and a
// ViewerPort for Node over that Orthanc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrthanc, uploadPart10 } from '../../support/orthanc.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { call, startServer, waitForIdleTraining } from '../../trainer-server/api/support.js';
import type { RunningServer } from '../../trainer-server/api/support.js';
import { classOf, discStudy, idOf } from '../../trainer-server/services/support.js';
import { createObservable } from '../../../extension/src/services/observable.js';
import type { FrameRef, ViewerPort } from '../../../extension/src/services/types.js';

export const POOL = 24;

export interface Project {
  readonly orthanc: RunningOrthanc;
  /** The running trainer server (a new one after restartServer). */
  readonly server: RunningServer;
  /** The trainer API root, e.g. http://127.0.0.1:1234/api (it changes with a restart). */
  readonly api: string;
  readonly admin: string;
  readonly alice: string;
  /** Stops the trainer server; its data folder stays for startServerAgain. */
  stopServer(): Promise<void>;
  /** Starts a trainer server on the same data (tokens, pool, labels) on a new port. */
  startServerAgain(): Promise<void>;
  stop(): Promise<void>;
}

/** Orthanc with POOL disc images, a trainer server with them registered, and tokens for alice and admin. */
export async function startProject(options: { training?: Record<string, unknown> } = {}): Promise<Project> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aift-extension-'));
  const orthanc = await startOrthanc();
  let server: RunningServer | undefined;
  let running = false;
  const stopServer = async () => {
    if (running) await server?.stop();
    running = false;
  };
  const startServerAgain = async () => {
    server = await startServer(orthanc, { ...options, dataDir });
    running = true;
  };
  const stop = async () => {
    await stopServer();
    await orthanc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await uploadPart10(orthanc, discStudy(POOL));
    await startServerAgain();
    const admin = server!.token('admin', 'admin');
    const alice = server!.token('alice', 'annotator');
    const pool = await call(server!.url, 'POST', '/api/pool', { token: admin, body: {} });
    if (pool.status !== 200) throw new Error(`pool registration: ${pool.status} ${pool.text}`);
    const project: Project = {
      orthanc,
      get server() {
        if (!server) throw new Error('no trainer server');
        return server;
      },
      get api() {
        return `${project.server.url}/api`;
      },
      admin,
      alice,
      stopServer,
      startServerAgain,
      stop,
    };
    return project;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Labels discs [from, to) with their true class as `token`'s annotator, straight through the API. */
export async function labelDiscs(project: Project, token: string, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const reply = await call(project.server.url, 'POST', '/api/labels', {
      token,
      body: { candidateId: idOf(i), value: classOf(i), idempotencyKey: `setup-${i}` },
    });
    if (reply.status !== 201) throw new Error(`label ${i}: ${reply.status} ${reply.text}`);
  }
}

/** Starts a training job as admin and waits until it is no longer running; throws unless it succeeded. */
export async function trainAndWait(project: Project): Promise<void> {
  const start = await call(project.server.url, 'POST', '/api/training', { token: project.admin });
  if (start.status !== 202) throw new Error(`training start: ${start.status} ${start.text}`);
  await waitForIdleTraining(project.server.url, project.admin, 60_000);
}

/**
 * The viewer as the services see it, in Node: the frames come from the project's Orthanc over DICOMweb, the
 * displayed frame is whatever the test sets, notifications are kept for the test to read.
 */
export function nodeViewer(orthanc: RunningOrthanc) {
  const displayedFrame = createObservable<FrameRef | null>(null);
  const notifications: Parameters<ViewerPort['notify']>[0][] = [];
  const viewer: ViewerPort = {
    displayedFrame,
    seriesFrames: () => [],
    open: (frame) => {
      displayedFrame.set(frame);
      return Promise.resolve();
    },
    jumpTo: (frame) => displayedFrame.set(frame),
    wadoRoot: () => orthanc.dicomWebRoot,
    authorizationHeader: () => ({}),
    notify: (message) => void notifications.push(message),
  };
  return { viewer, displayedFrame, notifications };
}
