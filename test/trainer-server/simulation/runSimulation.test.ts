import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { runSimulation } from '../../../trainer-server/src/simulation/runSimulation.js';
import { simulateStrategy } from '../../../trainer-server/src/simulation/simulateStrategy.js';
import type { SimulationSettings } from '../../../trainer-server/src/simulation/simulateStrategy.js';
import { writeSimulationReport } from '../../../trainer-server/src/simulation/writeSimulationReport.js';
import { syntheticSimulationData } from './syntheticSimulationData.js';

const out = mkdtempSync(join(tmpdir(), 'aift-simulation-'));
after(() => rmSync(out, { recursive: true, force: true }));

const data = syntheticSimulationData(120, 80, 9);
const settings: Omit<SimulationSettings, 'strategy' | 'seed'> = {
  initial: 0,
  batch: 8,
  budget: 40,
  alpha: 0.5,
  omega: 2,
  coldStart: 'random',
  learner: {
    head: { inputSize: 8, classes: 2, hiddenUnits: 0, seed: 0 },
    training: { epochs: 8, batchSize: 32, learningRate: 0.05, l2: 0, classWeighting: 'balanced' },
    strategy: 'HQ',
  },
};

describe('simulateStrategy', () => {
  it('evaluates after every batch until the budget, and replays exactly with its seed', async () => {
    const run = () => simulateStrategy(data, { ...settings, strategy: 'aift', seed: 4 });
    const curve = await run();
    assert.deepEqual(
      curve.map((p) => p.labels),
      [0, 8, 16, 24, 32, 40],
    );
    assert.ok(curve.every((p) => p.auc >= 0 && p.auc <= 1 && p.accuracy >= 0 && p.accuracy <= 1));
    assert.ok(curve.at(-1)!.auc > 0.85, `AUC after 40 labels: ${curve.at(-1)!.auc}`);
    assert.deepEqual(await run(), curve);
  });

  it('labels `initial` candidates first, and picks the first batch by k-center when asked', async () => {
    const curve = await simulateStrategy(data, {
      ...settings,
      strategy: 'entropy',
      seed: 1,
      initial: 10,
      budget: 26,
    });
    assert.deepEqual(
      curve.map((p) => p.labels),
      [10, 18, 26],
    );
    const kcenter = await simulateStrategy(data, {
      ...settings,
      strategy: 'margin',
      seed: 1,
      coldStart: 'kcenter',
    });
    assert.equal(kcenter.length, 6);
  });

  it('rejects a budget beyond the pool and initial beyond the budget', async () => {
    await assert.rejects(
      simulateStrategy(data, { ...settings, strategy: 'random', seed: 1, budget: 121 }),
      /budget must be an integer in \[1, 120\]/,
    );
    await assert.rejects(
      simulateStrategy(data, { ...settings, strategy: 'random', seed: 1, initial: 41 }),
      /initial must be an integer in \[0, budget\]/,
    );
  });
});

describe('runSimulation and its report', () => {
  it('runs strategies x seeds against the full-pool reference and writes the four outputs', async () => {
    const lines: string[] = [];
    const outcome = await runSimulation(data, ['aift', 'random'], [1, 2], settings, (l) => lines.push(l));
    assert.ok(outcome.fullPoolAuc > 0.85, `full-pool AUC ${outcome.fullPoolAuc}`);
    assert.equal(outcome.runs.aift?.length, 2);
    const random = outcome.summaries.random!;
    assert.equal(random.savingsVsRandom['0.95'], random.labelsToReach['0.95']!.meanCurve === null ? null : 0);
    assert.ok(lines.some((l) => /^aift seed 2: 40 labels/.test(l)));

    const files = await writeSimulationReport(out, {
      title: 'synthetic',
      provenance: { command: 'test', machine: 'test machine' },
      data: { source: 'synthetic' },
      evaluationSplit: 'test',
      settings: { ...settings },
      ...outcome,
    });
    assert.deepEqual(readdirSync(out).sort(), [
      'learning-curves.png',
      'learning-curves.svg',
      'results.json',
      'summary.md',
    ]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(results.full_pool_auc, outcome.fullPoolAuc);
    const strategies = results.strategies as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(strategies.aift!).sort(), [
      'area_under_learning_curve',
      'auc_at_budget',
      'labels_to_reach',
      'mean_curve',
      'runs',
      'savings_vs_random',
      'seeds',
    ]);
    const png = await sharp(files.find((f) => f.endsWith('.png'))).metadata();
    assert.equal(png.width, 760);
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /\| aift \| 0\.\d{3} ± 0\.\d{3} \|/);
  });
});
