// The HTTP API: one router per resource, each registering its OpenAPI entry beside its routes.
import type { RouterMount } from '../app.js';
import { candidatesRouter } from './candidatesRouter.js';
import { consensusRouter } from './consensusRouter.js';
import type { ApiContext } from './context.js';
import { eventsRouter } from './eventsRouter.js';
import { labelsRouter } from './labelsRouter.js';
import { modelsRouter } from './modelsRouter.js';
import { openApiRouter } from './openApiRouter.js';
import { poolRouter } from './poolRouter.js';
import { progressRouter } from './progressRouter.js';
import { strategiesRouter } from './strategiesRouter.js';
import { studyMarksRouter } from './studyMarksRouter.js';
import { trainingRouter } from './trainingRouter.js';
import { worklistRouter } from './worklistRouter.js';

export type { ApiContext } from './context.js';

/** Every resource router, ready for `buildApp({ routers })`. */
export function apiRouters(context: ApiContext, version: string): RouterMount[] {
  return [
    poolRouter(context),
    candidatesRouter(context),
    studyMarksRouter(context),
    labelsRouter(context),
    consensusRouter(context),
    worklistRouter(context),
    trainingRouter(context),
    modelsRouter(context),
    strategiesRouter(context),
    progressRouter(context),
    eventsRouter(context),
    openApiRouter(context, version),
  ];
}
