import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PLAN_PRESETS, STRATEGY_NAMES } from '@aift/selection-core';
import { CONTINUAL_STRATEGIES } from '../engine/continual/trainingSet.js';
import { DEFAULT_AUDIT_POLICY } from '../services/auditRate.js';
import { COLD_STARTS, parseArm } from '../simulation/simulationArm.js';
import type { SimulationArm } from '../simulation/simulationArm.js';

/** Defaults of `npm run simulate`; docs/simulation.md says where each comes from. */
const DEFAULTS = {
  strategies: 'aift,aift-entropy,entropy,margin,random',
  baseline: 'random:random',
  seeds: 3,
  initial: 0,
  batch: 16,
  budget: 400,
  plan: 'dihedral',
  alpha: 0.25,
  omega: 3,
  coldStart: 'robust-kcenter',
  continual: 'LQ',
  epochs: 10,
  learningRate: 0.01,
  hiddenUnits: 0,
  l2: 0.0001,
  fit: 'letterbox',
  evaluateOn: 'test',
  out: 'simulation-results',
  cache: '.cache/embeddings',
  auditCheckpoints: '',
  asProduct: false,
  readers: 2,
  readerNoise: 0,
  readsPerCase: 1,
  trainEvery: 16,
} as const;

const int = (min: number) => z.coerce.number().int().min(min);

const SimulateOptionsSchema = z
  .object({
    data: z
      .string()
      .min(1)
      .regex(/\.(npz|csv)$/i, 'expected a .npz file or a .csv manifest'),
    strategies: z.string().transform((s) => s.split(',').map((n) => n.trim())),
    baseline: z.string().min(1),
    seeds: int(1),
    initial: int(0),
    batch: int(1),
    budget: int(1),
    patches: int(1).optional(),
    plan: z.enum(Object.keys(PLAN_PRESETS) as [keyof typeof PLAN_PRESETS]),
    alpha: z.coerce.number().gt(0).lte(1),
    omega: z.coerce.number().gte(1),
    coldStart: z.enum(COLD_STARTS as [(typeof COLD_STARTS)[number]]),
    coldStartLabels: int(0).optional(),
    continual: z.enum(Object.keys(CONTINUAL_STRATEGIES) as [keyof typeof CONTINUAL_STRATEGIES]),
    epochs: int(1),
    learningRate: z.coerce.number().positive(),
    hiddenUnits: int(0),
    l2: z.coerce.number().min(0),
    imageSize: int(1).optional(),
    fit: z.enum(['letterbox', 'crop']),
    classes: z
      .string()
      .transform((s) => s.split(',').map((n) => n.trim()))
      .optional(),
    evaluateOn: z.enum(['test', 'val', 'test-tune', 'test-report']),
    out: z.string().min(1),
    cache: z.string().min(1),
    auditRate: z.coerce.number().min(0).lt(1).optional(),
    auditCheckpoints: z
      .string()
      .regex(/^(\d+(,\d+)*)?$/, 'expected comma-separated label counts, e.g. 64,128,256')
      .transform((s) => (s === '' ? [] : s.split(',').map(Number))),
    asProduct: z.boolean(),
    readers: int(1),
    readerNoise: z.coerce.number().min(0).lt(1),
    readsPerCase: int(1),
    trainEvery: int(1),
  })
  .refine((o) => !o.asProduct || o.fit === 'letterbox', {
    path: ['fit'],
    message: 'the trainer letterboxes its images: --as-product needs --fit letterbox',
  })
  .refine((o) => o.initial <= o.budget, { path: ['initial'], message: 'must not exceed --budget' })
  .transform((o, ctx) => {
    // Arms depend on --cold-start (an arm with the run's own start is named by its strategy alone).
    const parse = (key: 'strategies' | 'baseline', spec: string): SimulationArm | undefined => {
      try {
        return parseArm(spec, o.coldStart);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${(error as Error).message}; known: ${STRATEGY_NAMES.join(', ')}`,
        });
        return undefined;
      }
    };
    const arms = o.strategies.map((spec) => parse('strategies', spec));
    const baseline = parse('baseline', o.baseline);
    if (!baseline || !arms.every((a) => a !== undefined)) return z.NEVER;
    const byName = new Map([...arms, baseline].map((arm) => [arm.name, arm]));
    if ((o.coldStartLabels ?? 0) > o.batch && [...byName.values()].some((a) => a.coldStart === 'typical')) {
      ctx.addIssue({
        code: 'custom',
        path: ['coldStartLabels'],
        message: 'the typical cold start picks one batch only: drop typical arms or keep it <= --batch',
      });
      return z.NEVER;
    }
    // The product audits by default; the harness replays the audit only when asked to.
    const auditRate = o.auditRate ?? (o.asProduct ? DEFAULT_AUDIT_POLICY.rate : 0);
    return { ...o, auditRate, arms: [...byName.values()], baseline: baseline.name };
  });

export type SimulateOptions = z.infer<typeof SimulateOptionsSchema>;

export const SIMULATE_USAGE = `Usage: npm run simulate -- --data <file.npz | manifest.csv> [options]

  --strategies LIST   comma-separated arms, each a strategy, or strategy:cold-start to give that arm its own
                      first batch (e.g. random:random); strategies: ${STRATEGY_NAMES.join(', ')}
                      (default ${DEFAULTS.strategies})
  --baseline ARM      the arm the others are compared with, run even if not listed (default
                      ${DEFAULTS.baseline}: labeling at random from the first case, as without the tool)
  --seeds N           runs per strategy, seeds 1..N (default ${DEFAULTS.seeds})
  --initial N         labels chosen by the cold start before active selection (default ${DEFAULTS.initial})
  --batch b           labels per round (default ${DEFAULTS.batch})
  --budget B          labels in all (default ${DEFAULTS.budget})
  --plan NAME         augmentation plan: ${Object.keys(PLAN_PRESETS).join(', ')} (default ${DEFAULTS.plan})
  --patches m         keep m patches of the plan (default: all of it)
  --alpha A           majority-selection share in (0, 1] (default ${DEFAULTS.alpha})
  --omega W           random extension >= 1 (default ${DEFAULTS.omega})
  --cold-start HOW    first labels: random, kcenter, robust-kcenter, typical (TypiClust) or model
                      (default ${DEFAULTS.coldStart})
  --cold-start-labels N  labels the cold start chooses, batch by batch, before the strategy takes over
                      (default: one batch; random, kcenter and robust-kcenter only)
  --continual S       ${Object.keys(CONTINUAL_STRATEGIES).join(', ')} (default ${DEFAULTS.continual})
  --epochs E, --learning-rate R, --hidden-units H, --l2 L
                      head training (defaults ${DEFAULTS.epochs}, ${DEFAULTS.learningRate}, ${DEFAULTS.hiddenUnits}, ${DEFAULTS.l2})
  --image-size S      backbone input size (default: the backbone's own, 224 for MobileNetV2)
  --fit F             letterbox or crop to make images square (default ${DEFAULTS.fit})
  --classes LIST      class names of a CSV manifest, in index order (unknown labels are an error)
  --evaluate-on S     split the learning curves are measured on: test; test-tune or test-report, the halves
                      of the test split under the project's protocol (tune settings on test-tune, report
                      on test-report: results/pneumoniamnist/protocol/); or val (default ${DEFAULTS.evaluateOn})
  --audit-rate R      replay the product's blind audit: reserve this share of the pool (never selected),
                      label it at the product's rate per served case, and check the product's labels-saved
                      estimate against the harness's curves (default: off; with --as-product the product's
                      ${DEFAULT_AUDIT_POLICY.rate}, which its arm uses too)
  --audit-checkpoints LIST  label counts at which the estimate is checked, besides the budget (e.g. 64,128)
  --as-product        add the arm "product": the trainer server itself (createServer, over HTTP on
                      127.0.0.1) with the data set as its PACS, a cold start, readers taking their worklist's
                      next case, training every --train-every consensus labels, and its own audit and
                      labels-saved estimate; its curve counts every label stored, audit labels included
  --readers N         product arm: readers labeling in turn (default ${DEFAULTS.readers})
  --reader-noise P    product arm: chance a reader answers a wrong class (default ${DEFAULTS.readerNoise})
  --reads-per-case K  product arm: project.readsPerCase (default ${DEFAULTS.readsPerCase})
  --train-every N     product arm: training.trigger every N consensus labels (default ${DEFAULTS.trainEvery},
                      the product's)
  --out DIR           results folder (default ${DEFAULTS.out})
  --cache DIR         embedding cache (default ${DEFAULTS.cache})`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses and validates the command line; errors name the option. */
export function parseSimulateOptions(argv: readonly string[]): SimulateOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: Object.fromEntries(
        [
          ...Object.keys(DEFAULTS),
          'data',
          'patches',
          'imageSize',
          'classes',
          'coldStartLabels',
          'auditRate',
        ].map((key) => [
          kebab(key),
          { type: key === 'asProduct' ? ('boolean' as const) : ('string' as const) },
        ]),
      ),
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${SIMULATE_USAGE}`);
  }
  const camel = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), v]),
  );
  const parsed = SimulateOptionsSchema.safeParse({ ...DEFAULTS, ...camel });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = issue.path.length ? `--${kebab(String(issue.path[0]))}` : 'options';
    const missing = issue.code === 'invalid_type' && camel[String(issue.path[0])] === undefined;
    throw new UsageError(`${option}: ${missing ? 'required' : issue.message}\n\n${SIMULATE_USAGE}`);
  }
  return parsed.data;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
