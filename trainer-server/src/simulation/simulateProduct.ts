import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@aift/selection-core';
import type { AugmentationPlan } from '@aift/selection-core';
import type { z } from 'zod';
import { ProgressSchema, TrainingStatusSchema, WorklistSchema } from '../api/schemas/index.js';
import { ServerConfigSchema } from '../config/index.js';
import type { TfjsBaseModel } from '../engine/baseModel/index.js';
import type { CurvePoint } from '../evaluation/learningCurve.js';
import { createLogger } from '../http/index.js';
import { createServer } from '../server.js';
import type { TrainerServer } from '../server.js';
import type { DatasetImageSource } from './DatasetImageSource.js';
import { evaluateLearner } from './evaluateLearner.js';
import type { AuditEstimate, SimulationRun } from './simulateStrategy.js';
import type { SimulationData } from './simulationData.js';

/** How the simulated team works, and what of the product's configuration differs from its defaults. */
export interface ProductLoopSettings {
  /** Readers, each with an API token of their own, labeling in turn. */
  readonly readers: number;
  /** The chance that a reader answers another class than the true one (drawn uniformly among the others). */
  readonly readerNoise: number;
  /** `project.readsPerCase`. */
  readonly readsPerCase: number;
  /** `training.trigger = every`: a job starts at this many new consensus labels. */
  readonly trainEvery: number;
  /** `selection.audit.rate`; the warm-up is the product's. */
  readonly auditRate: number;
  /** Labels the readers store in all, audit labels and second reads included. */
  readonly budget: number;
  /** The curve is read every this many labels: the AUC of the version in use at that point. */
  readonly grid: number;
}

export interface ProductLoopInput {
  /** The pool as a PACS, and the true class of each of its images (the readers' answers, before noise). */
  readonly source: DatasetImageSource;
  readonly truth: Int32Array;
  readonly classNames: readonly string[];
  /** Embeddings of the evaluation split, on which every published version is measured. */
  readonly data: SimulationData;
  readonly plan: AugmentationPlan;
  /**
   * A folder of patch embeddings in the server's cache layout, shared by the runs (the server's embeddings/
   * links to it); absent, each run's server embeds the images itself, through the source.
   */
  readonly embeddingCache?: string;
  /** The frozen backbone; default the product's (nsfwjs MobileNetV2). */
  readonly backbone?: { readonly model: TfjsBaseModel; readonly version: string };
}

/** One published version, measured on the evaluation split when it was the one in use. */
export interface PublishedPoint {
  readonly version: string;
  /** Labels stored when it was published, in all. */
  readonly labels: number;
  /** Consensus labels that trained it. */
  readonly trainingLabels: number;
  readonly auc: number;
  readonly accuracy: number;
}

export interface ProductRun extends SimulationRun {
  readonly versions: readonly PublishedPoint[];
  /** Labels stored in all, and of those the audit's. */
  readonly labels: number;
  readonly auditLabels: number;
}

/**
 * The product's own loop, replayed (`simulate --as-product`): the whole trainer server (createServer) on
 * 127.0.0.1 over the data set as its PACS, a cold start, then readers who each ask the worklist for their
 * next case and label it over the HTTP API. The labels route triggers training as configured; the readers
 * wait while a job runs, so every label is chosen by the newest model (on a real ward they go on reading
 * meanwhile, and their cases come from the version before). Every published version is measured on the
 * evaluation split. The curve counts every stored label, audit labels included: that is what the team spent.
 */
export async function simulateProduct(
  input: ProductLoopInput,
  settings: ProductLoopSettings,
  seed: number,
  log: (line: string) => void = () => {},
): Promise<ProductRun> {
  const { readers, readerNoise } = settings;
  if (!(Number.isInteger(readers) && readers >= 1))
    throw new RangeError(`readers must be >= 1, got ${readers}`);
  if (!(readerNoise >= 0 && readerNoise < 1))
    throw new RangeError(`reader noise must be in [0, 1), got ${readerNoise}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'aift-as-product-'));
  if (input.embeddingCache) symlinkSync(input.embeddingCache, join(dataDir, 'embeddings'), 'dir');
  const config = ServerConfigSchema.parse({
    dataDir,
    logLevel: 'silent',
    // Never called: the data set is the PACS.
    dicomweb: { url: 'http://127.0.0.1:9/dicom-web' },
    project: { classes: [...input.classNames], readsPerCase: settings.readsPerCase },
    training: { trigger: 'every', consensusLabels: settings.trainEvery },
    selection: { audit: { rate: settings.auditRate } },
    limits: { rateLimitPerMinute: 1_000_000 },
  });
  const server = await createServer(config, {
    logger: createLogger({ level: 'silent' }),
    source: input.source,
    tfjsBackend: 'keep',
    seed,
    plan: input.plan,
    ...(input.backbone && { backbone: input.backbone }),
  });
  const http = await new Promise<Server>((resolve, reject) => {
    const s = server.app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const api = client(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  try {
    return await replay(server, api, input, settings, seed, log);
  } finally {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function replay(
  server: TrainerServer,
  api: ApiClient,
  input: ProductLoopInput,
  settings: ProductLoopSettings,
  seed: number,
  log: (line: string) => void,
): Promise<ProductRun> {
  const token = (name: string, role: 'admin' | 'annotator') => {
    const secret = randomBytes(24).toString('base64url');
    server.store.tokens.create({ name, role, secret }, { name: 'simulate', role: 'admin' });
    return secret;
  };
  const admin = token('admin', 'admin');
  const readers = Array.from({ length: settings.readers }, (_, r) => token(`reader-${r + 1}`, 'annotator'));
  const rng = createRng(seed);
  const versions: PublishedPoint[] = [];
  let labels = 0;
  const measure = async () => {
    const progress = await api.get('/api/progress', admin, ProgressSchema);
    const latest = progress.learningCurve.at(-1);
    const model = server.training.publishedModel;
    if (!latest || !model || latest.version === versions.at(-1)?.version) return progress;
    const { auc, accuracy } = evaluateLearner(model, input.data, input.data.test);
    versions.push({ version: latest.version, labels, trainingLabels: latest.trainingLabels, auc, accuracy });
    log(
      `product seed ${seed}: ${latest.version} after ${labels} labels (${latest.trainingLabels} training), AUC ${auc.toFixed(4)}`,
    );
    return progress;
  };
  const trained = async () => {
    for (;;) {
      const { job } = await api.get('/api/training', admin, TrainingStatusSchema);
      if (job?.status !== 'running') return measure();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  await api.post('/api/pool', admin, {});
  await api.post('/api/training/cold-start', admin, {});
  await trained();
  const classes = input.classNames.length;
  while (labels < settings.budget) {
    const reader = readers[labels % readers.length]!;
    const { items } = await api.get('/api/worklist?n=1', reader, WorklistSchema);
    const item = items[0];
    if (!item) break; // every case has its reads
    const index = input.source.indexOf(item.sopInstanceUid);
    if (index === undefined) throw new Error(`the worklist served an unknown image ${item.sopInstanceUid}`);
    const truth = input.truth[index]!;
    const answer =
      rng.next() < settings.readerNoise
        ? (truth + 1 + Math.floor(rng.next() * (classes - 1))) % classes
        : truth;
    await api.post('/api/labels', reader, {
      candidateId: item.candidateId,
      value: input.classNames[answer],
      idempotencyKey: `label-${labels}`,
    });
    labels++;
    await trained();
  }

  const progress = await trained();
  const last = progress.learningCurve.at(-1);
  const estimates: AuditEstimate[] =
    last && versions.length > 0
      ? [
          {
            labels: last.trainingLabels,
            auditLabels: progress.audit.labeled,
            auditedAuc: last.metrics?.auc ?? null,
            labelsSaved: last.labelsSaved,
            evaluatedAuc: versions.at(-1)!.auc,
          },
        ]
      : [];
  return {
    curve: onGrid(versions, settings.grid, Math.min(labels, settings.budget)),
    estimates,
    reserved: [],
    versions,
    labels,
    auditLabels: progress.audit.labeled,
  };
}

/** The version in use every `grid` labels, from 0 to `last`: the newest one published by then. */
function onGrid(versions: readonly PublishedPoint[], grid: number, last: number): CurvePoint[] {
  const curve: CurvePoint[] = [];
  for (let n = 0; n <= last; n += grid) {
    const inUse = versions.filter((v) => v.labels <= n).at(-1) ?? versions[0];
    if (inUse) curve.push({ labels: n, auc: inUse.auc, accuracy: inUse.accuracy });
  }
  return curve;
}

interface ApiClient {
  get<T>(path: string, token: string, schema: z.ZodType<T>): Promise<T>;
  post(path: string, token: string, body: unknown): Promise<void>;
}

/** The readers' and the admin's HTTP calls; any reply but 2xx stops the run with the server's message. */
function client(base: string): ApiClient {
  const send = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text;
  };
  return {
    get: async (path, token, schema) => schema.parse(JSON.parse(await send('GET', path, token))),
    post: async (path, token, body) => {
      await send('POST', path, token, body);
    },
  };
}
