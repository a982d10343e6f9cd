// The server's composition root above app.ts, in fastify's load order: adapters (store, PACS, backbone),
// then services, then the API routers and the app. It never listens: main.ts does, and tests do.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { buildPlan, createRng, PLAN_PRESETS } from '@aift/selection-core';
import type { AugmentationPlan } from '@aift/selection-core';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { apiRouters } from './api/index.js';
import { createMetrics } from './api/metrics.js';
import { buildApp, userAuthentication } from './app.js';
import type { ServerConfig } from './config/index.js';
import type { TfjsBaseModel } from './engine/baseModel/index.js';
import { answerErrors, createLogger } from './http/index.js';
import { DicomWebImageSource } from './pacs/DicomWebImageSource.js';
import type { ImageSource } from './pacs/ports.js';
import {
  CandidateEmbedder,
  checkModelRegistry,
  EventBus,
  LabelService,
  ModelService,
  PoolService,
  ProgressService,
  ScoringService,
  TrainingService,
  WorklistService,
} from './services/index.js';
import type { TrainingServiceOptions } from './services/index.js';
import { openSqliteStore } from './store/index.js';
import type { Clock, Store } from './store/index.js';

export interface ServerDependencies {
  readonly logger?: Logger;
  /** Reported by GET /api/health and the OpenAPI document. */
  readonly version?: string;
  readonly clock?: Clock;
  /** The PACS; default DICOMweb at `config.dicomweb`. */
  readonly source?: ImageSource;
  /** The frozen backbone and its cache-key name; default nsfwjs MobileNetV2. Stays the caller's to dispose. */
  readonly backbone?: { readonly model: TfjsBaseModel; readonly version: string };
  /** Default: the configured plan preset. */
  readonly plan?: AugmentationPlan;
  /** 'select' (default) picks the fastest tfjs backend at start; 'keep' leaves tfjs as the caller set it. */
  readonly tfjsBackend?: 'select' | 'keep';
  /** Seeds the head, the audit intervals and the worklist's draws (random extension, audit cases). */
  readonly seed?: number;
  readonly training?: Pick<TrainingServiceOptions, 'training' | 'hiddenUnits' | 'minAuditLabels'>;
}

export interface TrainerServer {
  readonly app: Express;
  readonly store: Store;
  readonly bus: EventBus;
  readonly training: TrainingService;
  /**
   * The sign-in check of /api (an API token or an OIDC JWT), answering 401 itself, for another app to put in
   * front of its own routes: the viewer gateway guards /dicom-web with it.
   */
  readonly requireUser: RequestHandler;
  /** Ends a running training job, releases the embedder and closes the store; call after the HTTP server stopped. */
  close(): Promise<void>;
}

/** Builds everything under `config.dataDir`: aift.sqlite, embeddings/ and the model registry models/. */
export async function createServer(
  config: ServerConfig,
  deps: ServerDependencies = {},
): Promise<TrainerServer> {
  if (config.metrics.bearerTokenFile !== undefined && config.metrics.bearerToken === undefined) {
    // Parsed without loadConfig, which reads the file: serving /metrics open would ignore the setting.
    throw new RangeError(
      'metrics.bearerTokenFile is set but was not read: load the configuration with loadConfig',
    );
  }
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const clock = deps.clock ?? (() => new Date());
  const seed = deps.seed ?? 0;
  const backend = deps.tfjsBackend === 'keep' ? undefined : await selectTrainingBackend();
  mkdirSync(config.dataDir, { recursive: true });
  const store = openSqliteStore(join(config.dataDir, 'aift.sqlite'), { clock });
  const registryDir = join(config.dataDir, 'models');
  const source =
    deps.source ??
    new DicomWebImageSource({
      url: config.dicomweb.url,
      ...(config.dicomweb.auth && { auth: config.dicomweb.auth }),
      ...(config.dicomweb.timeoutMs !== undefined && { timeoutMs: config.dicomweb.timeoutMs }),
    });
  let embedder: CandidateEmbedder;
  try {
    await checkModelRegistry({ store, registryDir, logger });
    embedder = await CandidateEmbedder.create({
      source,
      cacheDir: join(config.dataDir, 'embeddings'),
      plan: deps.plan ?? buildPlan(PLAN_PRESETS[config.selection.planPreset]),
      fit: 'letterbox',
      ...(deps.backbone && { backbone: deps.backbone.model, backboneVersion: deps.backbone.version }),
    });
  } catch (error) {
    store.close();
    throw error;
  }

  const bus = new EventBus();
  const { classes, readsPerCase } = config.project;
  const { strategy, alpha, omega, leaseMinutes, audit } = config.selection;
  const scoring = new ScoringService({
    store,
    embedder,
    bus,
    classes,
    strategy,
    alpha,
    seed,
    readsPerCase,
  });
  const training = new TrainingService({
    store,
    embedder,
    scoring,
    bus,
    clock,
    registryDir,
    classes,
    project: config.project.name,
    // With a manual trigger the labels route never calls maybeTrain, so this value is unused.
    minNewLabels: config.training.trigger === 'every' ? config.training.consensusLabels : 1,
    seed,
    ...(backend && { backend }),
    ...deps.training,
  });
  const context = {
    config,
    store,
    bus,
    pool: new PoolService({ store, source }),
    training,
    worklist: new WorklistService({
      store,
      rng: createRng(seed),
      omega,
      leaseTtlMs: leaseMinutes * 60_000,
      readsPerCase,
      audit,
    }),
    progress: new ProgressService({ store, blindReview: config.project.blindReview, readsPerCase }),
    labels: new LabelService({
      store,
      training,
      autoTrain: config.training.trigger === 'every',
      logger,
    }),
    models: new ModelService({ store, registryDir }),
    docs: new OpenAPIRegistry(),
  };
  const version = deps.version ?? '0.0.0';
  // GET /metrics sits outside /api, before user authentication: Prometheus is no user. It holds counts and
  // route patterns only, behind the scrape token of metrics.bearerTokenFile when one is configured.
  const metrics = createMetrics(store, config.project.name, config.metrics.bearerToken);
  const app = express();
  app.disable('x-powered-by');
  app.use(metrics.observe, metrics.router);
  const authenticate = userAuthentication(config, store);
  app.use(buildApp({ config, store, logger, version, authenticate, routers: apiRouters(context, version) }));
  return {
    app,
    requireUser: answerErrors(authenticate),
    store,
    bus,
    training,
    close: async () => {
      await training.stop();
      await embedder.release();
      store.close();
    },
  };
}

/** Imported on demand: loading tfjs-backend-wasm registers it with tfjs, which 'keep' must not do. */
async function selectTrainingBackend(): Promise<string> {
  const { selectBackend } = await import('./engine/backend/selectBackend.js');
  return (await selectBackend()).name;
}
