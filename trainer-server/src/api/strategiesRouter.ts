import { STRATEGIES } from '@aift/selection-core';
import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { requireRole } from '../http/index.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { StrategyListSchema } from './schemas/index.js';
import type { StrategyListDto } from './schemas/index.js';

/** GET /api/strategies: the selection-core registry, so the panel's picker lists itself. */
export function strategiesRouter({ config, docs }: Pick<ApiContext, 'config' | 'docs'>): RouterMount {
  const router = Router();
  const list: StrategyListDto = {
    active: config.selection.strategy,
    strategies: Object.entries(STRATEGIES).map(([name, s]) => ({
      name,
      description: s.description,
      usesPredictions: s.usesPredictions,
    })),
  };
  document(docs, {
    method: 'get',
    path: '/api/strategies',
    summary: 'The selection strategies (names and descriptions) and the one in use',
    tag: 'Strategies',
    role: 'annotator',
    ok: { 200: StrategyListSchema },
  });
  router.get('/', requireRole('annotator'), (_req, res) => {
    res.json(list);
  });
  return { path: '/api/strategies', router };
}
