import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { compareWithBaseline } from '../../../trainer-server/src/simulation/compareWithBaseline.js';
import { runSimulation } from '../../../trainer-server/src/simulation/runSimulation.js';
import { parseArm } from '../../../trainer-server/src/simulation/simulationArm.js';
import type { ColdStart } from '../../../trainer-server/src/simulation/simulationArm.js';
import { simulateStrategy } from '../../../trainer-server/src/simulation/simulateStrategy.js';
import { summarizeRuns } from '../../../trainer-server/src/simulation/summarizeRuns.js';
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
    const run = async () => (await simulateStrategy(data, { ...settings, strategy: 'aift', seed: 4 })).curve;
    const curve = await run();
    assert.deepEqual(
      curve.map((p) => p.labels),
      [0, 8, 16, 24, 32, 40],
    );
    assert.ok(curve.every((p) => p.auc >= 0 && p.auc <= 1 && p.accuracy >= 0 && p.accuracy <= 1));
    assert.ok(curve.at(-1)!.auc > 0.85, `AUC after 40 labels: ${curve.at(-1)!.auc}`);
    assert.deepEqual(await run(), curve);
  });

  it('labels `initial` candidates first, and picks the first batch by k-center or TypiClust when asked', async () => {
    const { curve } = await simulateStrategy(data, {
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
    const marginFrom = async (coldStart: ColdStart) =>
      (await simulateStrategy(data, { ...settings, strategy: 'margin', seed: 1, coldStart })).curve;
    const kcenter = await marginFrom('kcenter');
    assert.equal(kcenter.length, 6);
    const typical = await marginFrom('typical');
    assert.deepEqual(
      typical.map((p) => p.labels),
      [0, 8, 16, 24, 32, 40],
    );
    assert.notDeepEqual(typical, kcenter, 'the typical first batch is another one than k-center’s');
    const robust = await marginFrom('robust-kcenter');
    assert.equal(robust.length, 6);
    assert.notDeepEqual(robust, kcenter, 'robust k-center leaves out the outliers that k-center starts from');
  });

  it('lets the cold start choose batch by batch for coldStartLabels before the strategy takes over', async () => {
    const run = (strategy: 'margin' | 'entropy', coldStartLabels: number) =>
      simulateStrategy(data, {
        ...settings,
        strategy,
        seed: 2,
        coldStart: 'robust-kcenter',
        coldStartLabels,
      });
    // Covering the whole budget, the strategy never chooses: two strategies give the same curve.
    assert.deepEqual(await run('margin', 40), await run('entropy', 40));
    // One batch of cold start, then each strategy picks its own.
    assert.notDeepEqual(await run('margin', 8), await run('entropy', 8));
    // Random from a random start is the baseline: the setting must not change its draws.
    const randomRandom = (coldStartLabels?: number) =>
      simulateStrategy(data, {
        ...settings,
        strategy: 'random',
        seed: 2,
        coldStart: 'random',
        ...(coldStartLabels === undefined ? {} : { coldStartLabels }),
      });
    assert.deepEqual(await randomRandom(32), await randomRandom());
    await assert.rejects(
      simulateStrategy(data, {
        ...settings,
        strategy: 'margin',
        seed: 1,
        coldStart: 'typical',
        coldStartLabels: 16,
      }),
      /the typical cold start picks one batch only/,
    );
  });

  it('with the audit replayed, never selects a reserved image and checks the product estimate at checkpoints', async () => {
    const audit = {
      policy: { rate: 0.25, warmupCases: 30, warmupRate: 1 / 3 },
      checkpoints: [16],
      classNames: ['a', 'b'],
      minAuditLabels: 10,
    };
    const withAudit = (strategy: 'aift' | 'random', coldStart: ColdStart) =>
      simulateStrategy(data, { ...settings, strategy, coldStart, seed: 3, audit });
    const run = await withAudit('aift', 'robust-kcenter');
    // The checkpoint and the budget; the reserve (30 of 120) is labeled at 1/3 per served case meanwhile.
    assert.deepEqual(
      run.estimates.map((e) => e.labels),
      [16, 40],
    );
    const [early, last] = run.estimates;
    assert.ok(
      early!.auditLabels >= 3 && early!.auditLabels <= 16,
      `audit labels at 16: ${early!.auditLabels}`,
    );
    assert.ok(last!.auditLabels > early!.auditLabels && last!.auditLabels <= 30);
    assert.ok(last!.auditedAuc !== null && last!.auditedAuc > 0.5, `audited AUC ${last!.auditedAuc}`);
    assert.ok(last!.labelsSaved !== null, 'with 10+ audit labels of both classes the product estimates');
    assert.equal(last!.labelsSaved.usedLabels, 40);
    assert.equal(last!.labelsSaved.auditLabels, last!.auditLabels);
    // Replaying exactly; and both arms of a seed share the reserve, which neither selects from.
    assert.deepEqual(await withAudit('aift', 'robust-kcenter'), run);
    const picksOf = async (strategy: 'aift' | 'random', coldStart: ColdStart) => {
      const picked: number[] = [];
      const { reserved } = await simulateStrategy(
        data,
        { ...settings, strategy, coldStart, seed: 3, audit },
        (step) => picked.push(...step.picked),
      );
      return { picked, reserved };
    };
    for (const [strategy, coldStart] of [
      ['aift', 'robust-kcenter'],
      ['random', 'random'],
    ] as const) {
      const { picked, reserved } = await picksOf(strategy, coldStart);
      assert.deepEqual(reserved, run.reserved, 'every arm of a seed shares its reserve');
      assert.equal(reserved.length, 30);
      assert.equal(picked.length, 40);
      assert.deepEqual(
        picked.filter((i) => reserved.includes(i)),
        [],
        `${strategy}:${coldStart} selected a reserved image`,
      );
    }
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
  it('runs arms x seeds against the full-pool reference and writes the four outputs', async () => {
    const lines: string[] = [];
    const arms = ['aift', 'random', 'random:kcenter'].map((spec) => parseArm(spec, 'random'));
    const sofar: string[][] = [];
    const outcome = await runSimulation(
      data,
      arms,
      [1, 2],
      settings,
      'random',
      (l) => lines.push(l),
      [],
      (partial) => {
        sofar.push(Object.keys(partial.runs));
        return Promise.resolve();
      },
    );
    // A long run reports the arms finished so far, from the baseline's end on.
    assert.deepEqual(sofar, [
      ['aift', 'random'],
      ['aift', 'random', 'random:kcenter'],
    ]);
    assert.ok(outcome.fullPoolAuc > 0.85, `full-pool AUC ${outcome.fullPoolAuc}`);
    assert.deepEqual(Object.keys(outcome.runs), ['aift', 'random', 'random:kcenter']);
    assert.equal(outcome.runs.aift?.length, 2);
    const random = outcome.summaries.random!;
    assert.equal(
      random.savingsVsBaseline['0.95'],
      random.labelsToReach['0.95']!.meanCurve === null ? null : 0,
    );
    assert.deepEqual(random.versusBaseline.alc, {
      difference: 0,
      pairedSd: 0,
      seedSpread: random.alc.sd,
      beyondSpread: false,
      winnable: null,
    });
    // The k-center arm starts from other candidates than random's seeds, so its curve differs.
    assert.notDeepEqual(outcome.runs['random:kcenter']![0]!.curve, outcome.runs.random![0]!.curve);
    assert.ok(lines.some((l) => /^aift seed 2: 40 labels/.test(l)));
    assert.ok(lines.some((l) => /^random:kcenter seed 1: 40 labels/.test(l)));
    await assert.rejects(
      runSimulation(data, arms.slice(0, 1), [1], settings, 'random', () => {}),
      /the baseline "random" is not among the arms \(aift\)/,
    );

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
      'savings_vs_baseline',
      'seeds',
      'versus_baseline',
    ]);
    assert.equal(results.baseline, 'random');
    const png = await sharp(files.find((f) => f.endsWith('.png'))).metadata();
    assert.equal(png.width, 760);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    assert.match(summary, /\| aift \| 0\.\d{3} ± 0\.\d{3} \|/);
    assert.match(
      summary,
      /\| random:kcenter \| [+-]?\d\.\d{3} \(paired sd \d\.\d{3}\) \| \d\.\d{3} (\*\*yes\*\*|no) \|/,
    );
    assert.doesNotMatch(
      summary,
      /\| random \| [+-]?0\.000 \(paired/,
      'the baseline is not compared with itself',
    );
  });
});

describe('runSimulation with the audit replayed', () => {
  it('validates the product estimate of every arm against the baseline and reports it', async () => {
    const arms = ['aift', 'random'].map((spec) => parseArm(spec, 'random'));
    const audit = {
      policy: { rate: 0.25, warmupCases: 30, warmupRate: 1 / 3 },
      checkpoints: [24],
      classNames: ['a', 'b'],
      minAuditLabels: 10,
    };
    const outcome = await runSimulation(data, arms, [1, 2], { ...settings, audit }, 'random', () => {});
    assert.deepEqual(Object.keys(outcome.estimator), ['aift', 'random']);
    const aift = outcome.estimator.aift!;
    assert.deepEqual(
      aift.map((c) => [c.labels, c.seeds]),
      [
        [24, 2],
        [40, 2],
      ],
    );
    for (const check of aift.flatMap((c) => c.checks)) {
      const run = outcome.runs.aift!.find((r) => r.seed === check.seed)!;
      assert.equal(check.auditLabels, run.estimates.find((e) => e.labels === check.labels)!.auditLabels);
    }
    const dir = join(out, 'audit');
    await writeSimulationReport(dir, {
      title: 'synthetic with audit',
      provenance: { command: 'test' },
      data: {},
      evaluationSplit: 'test',
      settings: {},
      ...outcome,
    });
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    assert.match(summary, /## The product's labels-saved estimate against the harness's truth/);
    assert.match(summary, /\| aift \| 40 \| \d+ \| \d+ \/ \d+ \/ \d+ \/ \d+ \| /);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      strategies: Record<string, { labels_saved_estimator?: unknown[] }>;
    };
    assert.equal(results.strategies.aift?.labels_saved_estimator?.length, 2);
  });
});

describe('arms and the comparison with the baseline', () => {
  it('names an arm by its strategy when it uses the run’s cold start, and rejects unknown parts', () => {
    assert.deepEqual(parseArm('aift', 'kcenter'), { name: 'aift', strategy: 'aift', coldStart: 'kcenter' });
    assert.deepEqual(parseArm('random:random', 'kcenter'), {
      name: 'random:random',
      strategy: 'random',
      coldStart: 'random',
    });
    assert.equal(parseArm('random:kcenter', 'kcenter').name, 'random');
    assert.throws(() => parseArm('best', 'kcenter'), /unknown strategy "best"/);
    assert.throws(() => parseArm('aift:warm', 'kcenter'), /unknown cold start "warm" in "aift:warm"/);
    assert.throws(() => parseArm('aift:random:x', 'kcenter'), /unknown strategy "aift"/);
  });

  it('pairs seeds, and calls a gain "beyond the spread" only when it exceeds both arms’ own spread', () => {
    // ALC: +0.02 on every seed; the arms' own sds are 0.01 -> beyond the spread.
    const up = compareWithBaseline([0.92, 0.93, 0.94], [0.9, 0.91, 0.92], true);
    assert.ok(Math.abs(up.difference! - 0.02) < 1e-12);
    assert.ok(up.pairedSd! < 1e-12);
    assert.ok(Math.abs(up.seedSpread! - 0.01) < 1e-12);
    assert.equal(up.beyondSpread, true);
    // The same gain with spreads of 0.05 is within the noise.
    assert.equal(compareWithBaseline([0.87, 0.92, 0.97], [0.85, 0.9, 0.95], true).beyondSpread, false);
    // Labels: fewer is better; 16 fewer on every seed against spreads of 8 is beyond.
    const labels = compareWithBaseline([16, 16, 32], [32, 32, 48], false);
    assert.equal(labels.difference, -16);
    assert.equal(labels.beyondSpread, true);
    assert.equal(compareWithBaseline([48, 48, 48], [32, 32, 32], false).beyondSpread, false);
    // A seed that never reached the target makes the comparison undefined, not a win.
    assert.deepEqual(compareWithBaseline([16, null], [32, 32], false), {
      difference: null,
      pairedSd: null,
      seedSpread: null,
      beyondSpread: false,
      winnable: null,
    });
  });

  it('says when no arm could beat the baseline by more than its spread, given the best possible figure', () => {
    // The baseline reaches the target with its first batch (8) on 4 of 5 seeds: an arm at 8 on every
    // seed gains 6.4 labels against a baseline spread of 14.3.
    const lowTarget = compareWithBaseline([8, 8, 8, 8, 8], [40, 8, 8, 8, 8], false, 8);
    assert.equal(lowTarget.winnable, false);
    assert.equal(lowTarget.beyondSpread, false);
    // Missing the target in the first batch on most seeds leaves room: 8 against 16-24.
    const room = compareWithBaseline([8, 8, 8, 8, 8], [16, 24, 16, 8, 16], false, 8);
    assert.equal(room.winnable, true);
    assert.equal(room.beyondSpread, true);
    // Winnable is about the baseline only: a poor arm does not make the target unwinnable.
    assert.equal(compareWithBaseline([32, 32, 32, 32, 32], [16, 24, 16, 8, 16], false, 8).winnable, true);
    assert.equal(compareWithBaseline([0.9, 0.91], [0.88, 0.9], true).winnable, null);
  });

  it('takes the first evaluation with labels as the best a labels-to-target figure can be', () => {
    // Full-pool AUC 1: the 95% target is 0.95. Batch 8, with an evaluation at 0 labels that must not count.
    const curve = (...aucs: number[]) => aucs.map((auc, i) => ({ labels: 8 * i, auc, accuracy: 0 }));
    const early = curve(0.5, 0.96, 0.97);
    const late = curve(0.5, 0.9, 0.96);
    const summaries = summarizeRuns(
      {
        'random:random': [late, early, early, early, early],
        aift: [early, early, early, early, early],
        slow: [late, late, late, late, late],
      },
      1,
      100,
      'random:random',
    );
    const aift = summaries.aift!.versusBaseline.labelsToReach['0.95']!;
    assert.deepEqual([aift.difference, aift.winnable, aift.beyondSpread], [-1.6, false, false]);
    const slow = summaries.slow!.versusBaseline.labelsToReach['0.95']!;
    assert.equal(slow.winnable, false, 'not winnable is a property of the baseline, whoever is compared');
    const turned = summarizeRuns(
      { 'random:random': [late, late, late, early, late], aift: [early, early, early, early, early] },
      1,
      100,
      'random:random',
    );
    const won = turned.aift!.versusBaseline.labelsToReach['0.95']!;
    assert.deepEqual([won.winnable, won.beyondSpread], [true, true]);
  });
});
