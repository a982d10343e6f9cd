// `npm run simulate`: replays the active-learning loop on a labeled dataset with an oracle and reports how
// many labels each strategy needs (the product's main benchmark). See docs/simulation.md.
import { createHash } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import type { AugmentationPlan } from '@aift/selection-core';
import { selectBackend } from '../engine/backend/selectBackend.js';
import { loadNsfwjsMobileNetV2 } from '../engine/baseModel/nsfwjsMobileNetV2.js';
import { BackboneEmbedder } from '../engine/embeddings/BackboneEmbedder.js';
import { EmbeddingCache } from '../engine/embeddings/EmbeddingCache.js';
import { embedPatches } from '../engine/embeddings/embedPatches.js';
import { loadCsvManifest } from '../datasets/manifest/loadCsvManifest.js';
import { loadNpzDataset } from '../datasets/npz/loadNpzDataset.js';
import type { DatasetSplit, LabeledDataset } from '../datasets/labeledDataset.js';
import { protocolHalf } from '../datasets/protocolHalves.js';
import { DEFAULT_MIN_AUDIT_LABELS } from '../services/auditMetrics.js';
import { DEFAULT_AUDIT_POLICY } from '../services/auditRate.js';
import { DatasetImageSource } from '../simulation/DatasetImageSource.js';
import { fileProductEmbeddings } from '../simulation/productEmbeddingCache.js';
import { runSimulation } from '../simulation/runSimulation.js';
import type { LoopArm, SimulationOutcome } from '../simulation/runSimulation.js';
import { simulateProduct } from '../simulation/simulateProduct.js';
import type { SimulationData } from '../simulation/simulationData.js';
import { writeSimulationReport } from '../simulation/writeSimulationReport.js';
import { parseSimulateOptions, SIMULATE_USAGE, UsageError } from './simulateOptions.js';
import type { SimulateOptions } from './simulateOptions.js';

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(SIMULATE_USAGE);
    return;
  }
  const options = parseSimulateOptions(argv);
  const started = Date.now();
  const backend = await selectBackend();
  log(
    `training backend: ${backend.name}${backend.tried.length ? ` (skipped ${backend.tried.map((t) => t.name).join(', ')})` : ''}`,
  );

  const dataset = /\.npz$/i.test(options.data)
    ? await loadNpzDataset(options.data, options.classes ? { classNames: options.classes } : {})
    : await loadCsvManifest(options.data, options.classes ? { classNames: options.classes } : {});
  const { train } = dataset.splits;
  const test = evaluationSplit(dataset, options.evaluateOn);
  log(
    `data: ${options.data}: ${train.labels.length} train (pool), ${test.labels.length} ${options.evaluateOn} (evaluation), classes ${dataset.classNames.join(', ')}`,
  );
  if (test.labels.length === 0) {
    throw new UsageError(`--evaluate-on: ${options.data} has no ${options.evaluateOn} images`);
  }

  const base = await loadNsfwjsMobileNetV2();
  if (options.imageSize !== undefined && options.imageSize !== base.description.inputHeight) {
    throw new UsageError(`--image-size: the backbone takes ${base.description.inputHeight} px images only`);
  }
  const plan = buildPlan({
    ...PLAN_PRESETS[options.plan],
    ...(options.patches ? { patches: options.patches } : {}),
  });
  const embedder = await BackboneEmbedder.forBaseModel(base, { threads: cpus().length });
  base.model.dispose();
  const cache = new EmbeddingCache(options.cache, embedder.description.embeddingSize);
  const backboneVersion = `nsfwjs-mobilenet_v2|${options.fit}|${embedder.description.inputHeight}`;
  const embed = async (name: string, split: DatasetSplit) => {
    let lastLogged = 0;
    return embedPatches(embedder, split.images, {
      plan,
      fit: options.fit,
      ids: split.ids.map((id) => `${options.data}|${id}`),
      cache,
      backboneVersion,
      onProgress: (done, total) => {
        if (done === total || Date.now() - lastLogged > 10_000) {
          lastLogged = Date.now();
          log(`embedding ${name}: ${done}/${total} images x ${plan.transforms.length} patches`);
        }
      },
    });
  };
  const data = {
    classes: dataset.classNames.length,
    patches: plan.transforms.length,
    embeddingSize: embedder.description.embeddingSize,
    pool: { embeddings: await embed('train', train), labels: train.labels },
    test: { embeddings: await embed(options.evaluateOn, test), labels: test.labels },
  };
  await embedder.release();

  const settings = {
    initial: options.initial,
    ...(options.coldStartLabels === undefined ? {} : { coldStartLabels: options.coldStartLabels }),
    batch: options.batch,
    budget: Math.min(options.budget, train.labels.length),
    alpha: options.alpha,
    omega: options.omega,
    learner: {
      head: {
        inputSize: data.embeddingSize,
        classes: data.classes,
        hiddenUnits: options.hiddenUnits,
        seed: 0,
      },
      training: {
        epochs: options.epochs,
        batchSize: 64,
        learningRate: options.learningRate,
        l2: options.l2,
        classWeighting: 'balanced' as const,
      },
      strategy: options.continual,
    },
    ...(options.auditRate > 0 && {
      audit: {
        policy: { ...DEFAULT_AUDIT_POLICY, rate: options.auditRate },
        checkpoints: options.auditCheckpoints,
        classNames: dataset.classNames,
        minAuditLabels: DEFAULT_MIN_AUDIT_LABELS,
      },
    }),
  };
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const loops = options.asProduct ? [await productArm(options, dataset.classNames, train, data, plan)] : [];
  const cpu = cpus();
  const write = (outcome: SimulationOutcome, complete: boolean) =>
    writeSimulationReport(options.out, {
      title: `AIFT simulation: ${options.data.split('/').at(-1)}${complete ? '' : ' (in progress: arms finished so far)'}`,
      provenance: {
        command: `npm run simulate -- ${argv.join(' ')}`,
        machine: `${cpu.length} x ${cpu[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, training backend ${backend.name}`,
        date: new Date().toISOString(),
        'wall time': `${((Date.now() - started) / 60_000).toFixed(1)} min`,
      },
      data: {
        source: options.data,
        classes: dataset.classNames,
        pool: train.labels.length,
        evaluatedOn: options.evaluateOn,
        evaluationImages: test.labels.length,
        backbone: embedder.description.provenance,
      },
      evaluationSplit: options.evaluateOn,
      settings: {
        ...settings,
        arms: options.arms,
        coldStart: options.coldStart,
        seeds,
        plan,
        fit: options.fit,
        ...(options.asProduct && {
          product: {
            readers: options.readers,
            readerNoise: options.readerNoise,
            readsPerCase: options.readsPerCase,
            trainEvery: options.trainEvery,
            auditRate: options.auditRate,
          },
        }),
      },
      ...outcome,
    });
  const outcome = await runSimulation(
    data,
    options.arms,
    seeds,
    settings,
    options.baseline,
    log,
    loops,
    async (sofar) => {
      await write(sofar, false);
    },
  );
  const files = await write(outcome, true);
  log(`wrote ${files.join(', ')}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // The message names the option, file, key or line at fault; the stack helps only a developer.
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.AIFT_DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});

/** The product's own loop as an arm, on the pool's embeddings filed where its trainer looks for them. */
async function productArm(
  options: SimulateOptions,
  classNames: readonly string[],
  pool: DatasetSplit,
  data: SimulationData,
  plan: AugmentationPlan,
): Promise<LoopArm> {
  const source = new DatasetImageSource(pool);
  const embeddingCache = resolve(
    options.cache,
    'as-product',
    createHash('sha256').update(options.data).digest('hex').slice(0, 16),
  );
  log(`filing the pool's embeddings for the product arm in ${embeddingCache}`);
  fileProductEmbeddings(embeddingCache, await source.listCandidates(), data, plan);
  const { readers, readerNoise, readsPerCase, trainEvery, auditRate, budget, batch } = options;
  return {
    name: 'product',
    run: (seed) =>
      simulateProduct(
        { source, truth: pool.labels, classNames, data, plan, embeddingCache },
        {
          readers,
          readerNoise,
          readsPerCase,
          trainEvery,
          auditRate,
          budget: Math.min(budget, pool.labels.length),
          grid: batch,
        },
        seed,
        log,
      ),
  };
}

/** The split the curves are measured on: a whole split, or a half of the test split (the protocol's). */
function evaluationSplit(dataset: LabeledDataset, name: SimulateOptions['evaluateOn']): DatasetSplit {
  if (name === 'test-tune') return protocolHalf(dataset.splits.test, 'tune');
  if (name === 'test-report') return protocolHalf(dataset.splits.test, 'report');
  return dataset.splits[name];
}
