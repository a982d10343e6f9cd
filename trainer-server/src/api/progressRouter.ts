import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, requireRole } from '../http/index.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { ProgressSchema } from './schemas/index.js';
import type { ProgressDto } from './schemas/index.js';

/** GET /api/progress: how far the project's labeling is, for the panel's counts. */
export function progressRouter({ progress, docs }: Pick<ApiContext, 'progress' | 'docs'>): RouterMount {
  const router = Router();
  document(docs, {
    method: 'get',
    path: '/api/progress',
    summary:
      'Candidates, labeled, still in the queue, the agreement between annotators (admins only under blind ' +
      'review), the blind audit sample, and the learning curve: every version with its audited metrics',
    tag: 'Progress',
    role: 'annotator',
    ok: { 200: ProgressSchema },
  });
  router.get('/', requireRole('annotator'), (req, res) => {
    const { learningCurve, ...counts } = progress.of(actorOf(req));
    const reply: ProgressDto = {
      ...counts,
      learningCurve: learningCurve.map((point) => ({ ...point, createdAt: point.createdAt.toISOString() })),
    };
    res.json(reply);
  });
  return { path: '/api/progress', router };
}
