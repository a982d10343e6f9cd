// The whole product for browser tests, as `npm start` assembles it but with parts a test can stop: a real
// Orthanc holding the synthetic demo (single images and one stack), the real trainer server (the default
// nsfwjs MobileNetV2 backbone, training after every few labels) on its own port, and the viewer gateway
// (prebuilt OHIF + our built plugins) proxying the PACS and the trainer on one origin. The page carries no
// credential: a test signs a reader in on the viewer's sign-in screen (test/support/viewerSignIn.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AugmentationPlan } from '@aift/selection-core';
import { DEFAULT_OHIF_CACHE_DIR, ensureOhifDist, startViewerGateway } from '@aift/viewer';
import type { RunningViewerGateway } from '@aift/viewer';
import { demoStack, demoStudies, DEMO_CLASSES } from './shapeStudies.js';
import type { DemoStudy } from './shapeStudies.js';
import { aiftPlugins } from '../../trainer-server/src/cli/start/viewer.js';
import { ServerConfigSchema } from '../../trainer-server/src/config/index.js';
import { createLogger } from '../../trainer-server/src/http/index.js';
import { createServer } from '../../trainer-server/src/server.js';
import type { TrainerServer } from '../../trainer-server/src/server.js';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { call, waitForIdleTraining } from '../trainer-server/api/support.js';

export interface ProductOptions {
  /** Single-image demo studies. */
  readonly images: number;
  /** Images of the demo stack (0: none). */
  readonly stackImages: number;
  /** Training starts after this many new consensus labels. */
  readonly trainEvery: number;
  /** Pixel size of the demo images. */
  readonly imageSize?: number;
  /** The server's augmentation plan; default the configured default (dihedral, m = 8). */
  readonly plan?: AugmentationPlan;
}

export interface ProductStack {
  readonly orthanc: RunningOrthanc;
  /** The viewer's origin (also /api and /dicom-web), e.g. http://127.0.0.1:41234 */
  readonly viewerUrl: string;
  /** The trainer server's own root (not through the gateway). */
  readonly trainerUrl: string;
  readonly admin: string;
  /** Annotator tokens of two readers, alice and bob. */
  readonly alice: string;
  readonly bob: string;
  readonly studies: readonly DemoStudy[];
  readonly stack: readonly DemoStudy[];
  /** What each instance shows, by SOP Instance UID (the ground truth the test labels with). */
  readonly shapeOf: ReadonlyMap<string, (typeof DEMO_CLASSES)[number]>;
  readonly trainer: () => TrainerServer;
  /** Every line the trainer server logged (JSON, level debug), across restarts. */
  readonly logLines: readonly string[];
  /** Ends the trainer server (the gateway stays up and answers /api with 502). */
  stopTrainer(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  startTrainer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startProduct(options: ProductOptions): Promise<ProductStack> {
  const size = options.imageSize ?? 64;
  const studies = demoStudies(options.images, size);
  const stack = options.stackImages > 0 ? demoStack(options.stackImages, size) : [];
  const dataDir = mkdtempSync(join(tmpdir(), 'aift-e2e-'));
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const orthanc = await startOrthanc();
    cleanups.push(() => orthanc.stop());
    await uploadPart10(
      orthanc,
      [...studies, ...stack].map((s) => s.part10),
    );

    const config = ServerConfigSchema.parse({
      dataDir,
      logLevel: 'silent',
      dicomweb: { url: orthanc.dicomWebRoot },
      project: { classes: [...DEMO_CLASSES] },
      training: { trigger: 'every', consensusLabels: options.trainEvery },
      limits: { rateLimitPerMinute: 100_000 },
    });
    const logLines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line) => void logLines.push(line) },
    });
    let trainer: TrainerServer | undefined;
    let http: Server | undefined;
    let port = 0;
    const startTrainer = async () => {
      trainer = await createServer(config, {
        logger,
        version: 'e2e',
        ...(options.plan && { plan: options.plan }),
      });
      const app = trainer.app;
      http = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
      port = (http.address() as AddressInfo).port;
    };
    const stopTrainer = async () => {
      const [s, t] = [http, trainer];
      http = undefined;
      trainer = undefined;
      if (s) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await t?.close();
    };
    await startTrainer();
    cleanups.push(stopTrainer);
    const token = (name: string, role: 'admin' | 'annotator') => {
      const secret = randomBytes(24).toString('base64url');
      trainer!.store.tokens.create({ name, role, secret }, { name: 'e2e', role: 'admin' });
      return secret;
    };
    const admin = token('admin', 'admin');
    const alice = token('alice', 'annotator');
    const bob = token('bob', 'annotator');
    const trainerUrl = `http://127.0.0.1:${port}`;
    const pool = await call(trainerUrl, 'POST', '/api/pool', { token: admin, body: {} });
    if (pool.status !== 200) throw new Error(`pool: ${pool.status} ${pool.text}`);
    const cold = await call(trainerUrl, 'POST', '/api/training/cold-start', { token: admin });
    if (cold.status !== 202) throw new Error(`cold start: ${cold.status} ${cold.text}`);
    await waitForIdleTraining(trainerUrl, admin);

    const gateway: RunningViewerGateway = await startViewerGateway({
      ohifDir: await ensureOhifDist(DEFAULT_OHIF_CACHE_DIR),
      ...aiftPlugins(),
      dicomWeb: { target: orthanc.dicomWebRoot },
      trainer: { url: trainerUrl },
      aift: { trainerUrl: '/api' },
    });
    cleanups.push(() => gateway.close());
    return {
      orthanc,
      viewerUrl: gateway.url,
      trainerUrl,
      admin,
      alice,
      bob,
      studies,
      stack,
      shapeOf: new Map([...studies, ...stack].map((s) => [s.sopInstanceUid, s.shape])),
      logLines,
      trainer: () => {
        if (!trainer) throw new Error('the trainer server is stopped');
        return trainer;
      },
      stopTrainer,
      startTrainer,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
