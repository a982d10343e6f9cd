import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { requireRole, validate } from '../http/index.js';
import type { CandidateQuery } from '../pacs/ports.js';
import type { ApiContext } from './context.js';
import { document, jsonBody } from './document.js';
import { PoolQuerySchema, PoolRegistrationSchema } from './schemas/index.js';

/** POST /api/pool: registers the PACS frames the QIDO filters select as unlabeled candidates. */
export function poolRouter({ pool, docs }: Pick<ApiContext, 'pool' | 'docs'>): RouterMount {
  const router = Router();
  document(docs, {
    method: 'post',
    path: '/api/pool',
    summary: 'Register candidates from the PACS (QIDO filters); registering again adds nothing',
    tag: 'Pool',
    role: 'admin',
    request: { body: jsonBody(PoolQuerySchema) },
    ok: { 200: PoolRegistrationSchema },
    errors: [400],
  });
  router.post(
    '/',
    requireRole('admin'),
    validate({ body: PoolQuerySchema }, async ({ body }, _req, res) => {
      // A JSON body holds no undefined values, so the parsed object is a CandidateQuery exactly.
      res.json(await pool.register(body as CandidateQuery));
    }),
  );
  return { path: '/api/pool', router };
}
