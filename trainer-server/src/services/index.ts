// The services layer: the rules between the store, the PACS and the engine. No HTTP here.
export { CandidateEmbedder } from './CandidateEmbedder.js';
export type { CandidateEmbedderOptions } from './CandidateEmbedder.js';
export { checkModelRegistry } from './checkModelRegistry.js';
export type { RegistryCheck } from './checkModelRegistry.js';
export { EventBus } from './EventBus.js';
export type { Listener, ServiceEventName, ServiceEvents, TrainingStep } from './EventBus.js';
export { PoolService } from './PoolService.js';
export type { PoolRegistration, PoolServiceOptions } from './PoolService.js';
export { ProgressService } from './ProgressService.js';
export type { ProgressServiceOptions, ProjectProgress } from './ProgressService.js';
export { ScoringService } from './ScoringService.js';
export type { ScoringServiceOptions } from './ScoringService.js';
export { TrainingService } from './TrainingService.js';
export type { TrainingServiceOptions } from './TrainingService.js';
export type { JobContext, TrainingRun } from './TrainingJobs.js';
export { WorklistService } from './WorklistService.js';
export type { WorklistServiceOptions } from './WorklistService.js';
export { TRAINER } from './trainerActor.js';
