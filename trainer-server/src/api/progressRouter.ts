import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { requireRole } from '../http/index.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { ProgressSchema } from './schemas/index.js';
import type { ProgressDto } from './schemas/index.js';

/** GET /api/progress: how far the project's labeling is, for the panel's counts. */
export function progressRouter({ store, docs }: Pick<ApiContext, 'store' | 'docs'>): RouterMount {
  const router = Router();
  document(docs, {
    method: 'get',
    path: '/api/progress',
    summary: 'Candidates, labeled, still in the queue, and the agreement between annotators',
    tag: 'Progress',
    role: 'annotator',
    ok: { 200: ProgressSchema },
  });
  router.get('/', requireRole('annotator'), (_req, res) => {
    const { candidates, labeled, agreementRate } = store.consensus.counts();
    const progress: ProgressDto = { candidates, labeled, inQueue: candidates - labeled, agreementRate };
    res.json(progress);
  });
  return { path: '/api/progress', router };
}
