import type { Request } from 'express';
import { actorOf } from '../http/index.js';
import type { Viewer } from '../services/index.js';
import type { ApiContext } from './context.js';

/** Who reads this reply, with the project's blind-review setting that decides what they may see. */
export const viewerOf = (req: Request, { config }: Pick<ApiContext, 'config'>): Viewer => ({
  actor: actorOf(req),
  blindReview: config.project.blindReview,
});
