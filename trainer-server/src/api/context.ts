import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ServerConfig } from '../config/index.js';
import type {
  EventBus,
  LabelService,
  ModelService,
  PoolService,
  ProgressService,
  TrainingService,
  WorklistService,
} from '../services/index.js';
import type { Store } from '../store/index.js';

/** What the routers get from the composition root (server.ts); each takes only what it uses. */
export interface ApiContext {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly bus: EventBus;
  readonly pool: PoolService;
  readonly training: TrainingService;
  readonly worklist: WorklistService;
  readonly progress: ProgressService;
  readonly labels: LabelService;
  readonly models: ModelService;
  /** Each router registers its routes here, beside their definitions; GET /api/openapi.json renders it. */
  readonly docs: OpenAPIRegistry;
}
