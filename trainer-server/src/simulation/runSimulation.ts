import { ContinualLearner } from '../engine/continual/ContinualLearner.js';
import { evaluateLearner } from './evaluateLearner.js';
import { patchEmbeddingsOf } from './simulationData.js';
import type { SimulationArm } from './simulationArm.js';
import type { SimulationData } from './simulationData.js';
import { simulateStrategy } from './simulateStrategy.js';
import type { SimulationRun, SimulationSettings } from './simulateStrategy.js';
import { validateEstimates } from './estimatorValidation.js';
import type { CheckpointValidation } from './estimatorValidation.js';
import { summarizeRuns } from './summarizeRuns.js';
import type { StrategySummary } from './summarizeRuns.js';

export interface SimulationOutcome {
  readonly fullPoolAuc: number;
  /** The arm every other is compared with. */
  readonly baseline: string;
  readonly runs: Record<string, SeedRun[]>;
  readonly summaries: Record<string, StrategySummary>;
  /** Per arm, the product's labels-saved estimates against the harness's truth; empty without an audit. */
  readonly estimator: Record<string, CheckpointValidation[]>;
}

export interface SeedRun extends SimulationRun {
  readonly seed: number;
}

/** An arm that runs a loop of its own per seed (the product's, `--as-product`) rather than simulateStrategy. */
export interface LoopArm {
  readonly name: string;
  run(seed: number): Promise<SimulationRun>;
}

/**
 * Every arm x seed, plus the full-pool reference (the same head trained once on every pool label, per
 * seed, AUC averaged), then the summary against the baseline arm (one of `arms`, by name).
 */
export async function runSimulation(
  data: SimulationData,
  arms: readonly SimulationArm[],
  seeds: readonly number[],
  settings: Omit<SimulationSettings, 'strategy' | 'seed' | 'coldStart'>,
  baseline: string,
  log: (line: string) => void,
  loops: readonly LoopArm[] = [],
  /** Called with the arms finished so far after each arm, once the baseline's is (a long run writes as it goes). */
  onArmDone: (sofar: SimulationOutcome) => Promise<void> = async () => {},
): Promise<SimulationOutcome> {
  if (!arms.some((arm) => arm.name === baseline)) {
    throw new RangeError(
      `the baseline "${baseline}" is not among the arms (${arms.map((a) => a.name).join(', ')})`,
    );
  }
  const references: number[] = [];
  for (const seed of seeds) {
    const learner = new ContinualLearner({
      ...settings.learner,
      strategy: 'scratch',
      head: { ...settings.learner.head, seed },
      patches: data.patches,
      seed,
    });
    const all = Array.from(data.pool.labels, (label, index) => ({ index, label }));
    await learner.fineTune([], all, patchEmbeddingsOf(data, data.pool));
    references.push(evaluateLearner(learner, data, data.test).auc);
    learner.dispose();
    log(`full pool, seed ${seed}: AUC ${references.at(-1)!.toFixed(4)}`);
  }
  const fullPoolAuc = references.reduce((a, b) => a + b, 0) / references.length;

  const runs: SimulationOutcome['runs'] = {};
  const finish = async (name: string, armRuns: SeedRun[]) => {
    runs[name] = armRuns;
    if (runs[baseline]) await onArmDone(outcomeOf(runs, fullPoolAuc, data.pool.labels.length, baseline));
  };
  for (const { name, strategy, coldStart } of arms) {
    const armRuns: SeedRun[] = [];
    for (const seed of seeds) {
      const started = Date.now();
      const run = await simulateStrategy(
        data,
        { ...settings, strategy, coldStart, seed },
        ({ point, pickedPerClass }) =>
          log(
            `${name} seed ${seed}: ${point.labels} labels (per class ${pickedPerClass.join('/')}), ` +
              `AUC ${point.auc.toFixed(4)}, accuracy ${point.accuracy.toFixed(4)}`,
          ),
      );
      armRuns.push({ seed, ...run });
      log(`${name} seed ${seed}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await finish(name, armRuns);
  }
  for (const loop of loops) {
    const loopRuns: SeedRun[] = [];
    for (const seed of seeds) {
      const started = Date.now();
      loopRuns.push({ seed, ...(await loop.run(seed)) });
      log(`${loop.name} seed ${seed}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await finish(loop.name, loopRuns);
  }
  return outcomeOf(runs, fullPoolAuc, data.pool.labels.length, baseline);
}

/** The summaries of the arms in `runs` against the baseline, and the estimator's check where there are estimates. */
function outcomeOf(
  runs: Record<string, SeedRun[]>,
  fullPoolAuc: number,
  poolSize: number,
  baseline: string,
): SimulationOutcome {
  const curves = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, r.map((x) => x.curve)]));
  const summaries = summarizeRuns(curves, fullPoolAuc, poolSize, baseline);
  const baselineMean = summaries[baseline]!.meanCurve;
  const estimator = Object.fromEntries(
    Object.entries(runs)
      .filter(([, r]) => r.some((run) => run.estimates.length > 0))
      .map(([name, r]) => [name, validateEstimates(r, baselineMean)]),
  );
  return { fullPoolAuc, baseline, runs: { ...runs }, summaries, estimator };
}
