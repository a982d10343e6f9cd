import { createRng } from './rng.js';
import { STRATEGIES } from './strategies.js';
import type { StrategyName } from './strategies.js';
import type { PatchProbabilities } from './types.js';
import { worthiness } from './worthiness.js';
import type { WorthinessParts } from './worthiness.js';

/** How a deployment turns patch predictions into worthiness; the model card carries it to the viewer. */
export interface ScoringRule {
  readonly strategy: StrategyName;
  /** Majority-selection share. */
  readonly alpha: number;
  /** Seeds the 'random' strategy, the only one that draws. */
  readonly seed: number;
}

export interface PredictionScores {
  /** The AIFT parts (predicted class, probability, entropy, diversity) the viewer shows, whatever the rule. */
  readonly parts: WorthinessParts;
  /** Worthiness by the rule's strategy: what ranks the worklist. */
  readonly worthiness: Float64Array;
}

/**
 * The one way both sides score patch predictions: the trainer server when it ranks the pool, the viewer when
 * it scores the image on screen. Made once per model (a 'random' rule draws from one stream across calls).
 */
export function createScoring(rule: ScoringRule): (p: PatchProbabilities) => PredictionScores {
  const scorer = STRATEGIES[rule.strategy].create({ alpha: rule.alpha, rng: createRng(rule.seed) });
  return (p) => {
    const parts = worthiness(p, { alpha: rule.alpha, lambda1: 1, lambda2: 1 });
    // The 'aift' strategy's worthiness is exactly the parts' own (lambda1 = lambda2 = 1): computed once.
    return { parts, worthiness: rule.strategy === 'aift' ? parts.worthiness : scorer(p) };
  };
}
