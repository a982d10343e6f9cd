export type { PatchProbabilities, Rng, Scorer } from './types.js';
export { assertPatchProbabilities, ROW_SUM_TOLERANCE } from './validate.js';
export { createRng } from './rng.js';
export { LOG_EPSILON } from './scores/logSafe.js';
export { entropy } from './scores/entropy.js';
export { diversity } from './scores/diversity.js';
export { margin } from './scores/margin.js';
export { leastConfidence } from './scores/leastConfidence.js';
export { ttaVariance } from './scores/ttaVariance.js';
export { argMax, meanProbabilities } from './scores/meanProbabilities.js';
export { DEFAULT_ALPHA, keptPatchCount, majoritySelect } from './transforms/majoritySelect.js';
export { DEFAULT_WORTHINESS, worthiness } from './worthiness.js';
export type { WorthinessOptions, WorthinessParts } from './worthiness.js';
export { topK } from './select/topK.js';
export { randomExtension } from './select/randomExtension.js';
export type { RandomExtensionOptions } from './select/randomExtension.js';
export { kCenterGreedy, kCenterGreedySteps } from './select/kCenterGreedy.js';
export { runSteps } from './select/steps.js';
export type { Steps } from './select/steps.js';
export type { Embeddings } from './select/kCenterGreedy.js';
export { typicalClusters } from './select/typicalClusters.js';
export { DEFAULT_OUTLIER_SHARE, robustKCenter, robustKCenterSteps } from './select/robustKCenter.js';
export type { RobustKCenterOptions } from './select/robustKCenter.js';
export { isStrategyName, STRATEGIES, STRATEGY_NAMES } from './strategies.js';
export type { Strategy, StrategyName, StrategyOptions } from './strategies.js';
export {
  assertAugmentationPlan,
  buildPlan,
  DEFAULT_MAX_CUT,
  IDENTITY,
  PLAN_PRESETS,
} from './patches/plan.js';
export type { AugmentationPlan, PatchTransform, PlanGrid, PlanPresetName } from './patches/plan.js';
export { extractPatch, extractPatches } from './patches/extractPatches.js';
export type { ImagePlane } from './patches/extractPatches.js';
export { dicomFrameToImagePlane } from './preprocess/dicomFrameToImagePlane.js';
export { DicomAttributeError } from './preprocess/dicomFrame.js';
export type { DicomFrame } from './preprocess/dicomFrame.js';
export { DEFAULT_FIT, toModelInput } from './preprocess/toModelInput.js';
export type { ModelInputFit, ModelInputOptions } from './preprocess/toModelInput.js';
export { createScoring } from './createScoring.js';
export type { PredictionScores, ScoringRule } from './createScoring.js';
