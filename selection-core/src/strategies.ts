import { diversity } from './scores/diversity.js';
import { entropy } from './scores/entropy.js';
import { leastConfidence } from './scores/leastConfidence.js';
import { margin } from './scores/margin.js';
import { ttaVariance } from './scores/ttaVariance.js';
import { assertAlpha, majoritySelect } from './transforms/majoritySelect.js';
import type { PatchProbabilities, Rng, Scorer } from './types.js';
import { assertPatchProbabilities } from './validate.js';
import { worthiness } from './worthiness.js';

export interface StrategyOptions {
  /** Majority-selection share for the strategies that use it. */
  readonly alpha: number;
  /** Used by `random` only; every other strategy is deterministic. */
  readonly rng: Rng;
}

export interface Strategy {
  readonly description: string;
  /** Whether the strategy reads the model's predictions at all (random does not). */
  readonly usesPredictions: boolean;
  create(options: StrategyOptions): Scorer;
}

const aiftVariant =
  (lambda1: number, lambda2: number, majority: boolean) =>
  ({ alpha }: StrategyOptions): Scorer =>
  (p) =>
    worthiness(p, { alpha: majority ? alpha : 1, lambda1, lambda2 }).worthiness;

const onPatches =
  (score: Scorer, majority: boolean) =>
  ({ alpha }: StrategyOptions): Scorer =>
  (p) => {
    assertPatchProbabilities(p);
    if (majority) assertAlpha(alpha);
    return score(majority ? majoritySelect(p, alpha) : p);
  };

/**
 * Every query strategy, by the name clients use (`--strategies`, `GET /api/strategies`). Adding one is
 * a scorer in scores/, one entry here, and a test with a hand-ranked example.
 */
export const STRATEGIES = {
  aift: {
    description: 'AIFT: entropy + diversity over the patches kept by majority selection (Zhou et al. 2017).',
    usesPredictions: true,
    create: aiftVariant(1, 1, true),
  },
  'aift-entropy': {
    description: 'Entropy over the patches kept by majority selection (AIFT with lambda2 = 0).',
    usesPredictions: true,
    create: onPatches(entropy, true),
  },
  'aift-diversity': {
    description: 'Diversity over the patches kept by majority selection (AIFT with lambda1 = 0).',
    usesPredictions: true,
    create: onPatches(diversity, true),
  },
  'entropy-diversity': {
    description: 'Entropy + diversity over all patches, without majority selection.',
    usesPredictions: true,
    create: aiftVariant(1, 1, false),
  },
  entropy: {
    description: 'Mean entropy of the predictions over all patches.',
    usesPredictions: true,
    create: onPatches(entropy, false),
  },
  diversity: {
    description: 'Pairwise symmetric KL divergence between the patch predictions, over all patches.',
    usesPredictions: true,
    create: onPatches(diversity, false),
  },
  margin: {
    description: 'Smallest gap between the two most likely classes of the mean prediction.',
    usesPredictions: true,
    create: onPatches(margin, false),
  },
  'least-confidence': {
    description: 'Lowest probability of the most likely class of the mean prediction.',
    usesPredictions: true,
    create: onPatches(leastConfidence, false),
  },
  'tta-variance': {
    description: 'Test-time-augmentation variability: std / mean of the predicted class over patches.',
    usesPredictions: true,
    create: onPatches(ttaVariance, false),
  },
  random: {
    description: 'Uniformly random: the baseline every other strategy must beat.',
    usesPredictions: false,
    create:
      ({ rng }: StrategyOptions): Scorer =>
      (p: PatchProbabilities) =>
        Float64Array.from({ length: p.nCandidates }, () => rng.next()),
  },
} as const satisfies Record<string, Strategy>;

export type StrategyName = keyof typeof STRATEGIES;

export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGIES, name);
}
