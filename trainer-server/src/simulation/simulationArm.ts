import { isStrategyName } from '@aift/selection-core';
import type { StrategyName } from '@aift/selection-core';

/**
 * How the first labels are chosen, before the model has learned anything of the task: at random, greedy
 * k-center on the pre-trained embeddings, greedy k-center that leaves out the most isolated fifth of the
 * pool (robust k-center), the most typical case of each k-means cluster (TypiClust), or by the strategy
 * itself on the untrained model.
 */
export type ColdStart = 'random' | 'kcenter' | 'robust-kcenter' | 'typical' | 'model';

export const COLD_STARTS: readonly ColdStart[] = ['random', 'kcenter', 'robust-kcenter', 'typical', 'model'];

/**
 * One arm of a simulation: a selection strategy and how its first labels are chosen. Separating the two
 * lets one run compare the product's default (k-center start, then AIFT) with labeling at random from the
 * first case, which is what a team does without the tool, and with random after the same k-center start,
 * which isolates what the per-round selection adds.
 */
export interface SimulationArm {
  /** `strategy` when the arm uses the run's cold start, else `strategy:coldStart`. */
  readonly name: string;
  readonly strategy: StrategyName;
  readonly coldStart: ColdStart;
}

/** Parses `strategy` or `strategy:coldStart`; errors say which part is unknown. */
export function parseArm(spec: string, defaultColdStart: ColdStart): SimulationArm {
  const [strategy = '', coldStart = defaultColdStart, ...rest] = spec.trim().split(':');
  if (!isStrategyName(strategy) || rest.length > 0) throw new RangeError(`unknown strategy "${strategy}"`);
  if (!COLD_STARTS.includes(coldStart as ColdStart)) {
    throw new RangeError(`unknown cold start "${coldStart}" in "${spec}" (known: ${COLD_STARTS.join(', ')})`);
  }
  return armOf(strategy, coldStart as ColdStart, defaultColdStart);
}

export function armOf(
  strategy: StrategyName,
  coldStart: ColdStart,
  defaultColdStart: ColdStart,
): SimulationArm {
  const name = coldStart === defaultColdStart ? strategy : `${strategy}:${coldStart}`;
  return { name, strategy, coldStart };
}
