import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, requireRole, validate } from '../http/index.js';
import { candidateCase, rankingOf } from './caseDto.js';
import type { ApiContext } from './context.js';
import { document, jsonBody } from './document.js';
import { ReleaseLeasesSchema, ReleasedSchema, worklistQuerySchema, WorklistSchema } from './schemas/index.js';

/** The caller's next worthy cases (leased to them), and giving them back. */
export function worklistRouter({
  config,
  store,
  worklist,
  docs,
}: Pick<ApiContext, 'config' | 'store' | 'worklist' | 'docs'>): RouterMount {
  const router = Router();
  const WorklistQuery = worklistQuerySchema(config.selection.batchSize);

  document(docs, {
    method: 'get',
    path: '/api/worklist',
    summary: 'Lease the next n worthiest unlabeled cases to the caller, with their scores and UIDs',
    tag: 'Worklist',
    role: 'annotator',
    request: { query: WorklistQuery },
    ok: { 200: WorklistSchema },
    errors: [400],
  });
  router.get(
    '/',
    requireRole('annotator'),
    validate({ query: WorklistQuery }, ({ query }, req, res) => {
      // The version that ranked these leases, read with them: a scoring landing meanwhile cannot rename it.
      const { leases, rankingVersion } = worklist.next(actorOf(req).name, query.n);
      const ranking = rankingOf(store, rankingVersion);
      res.json({
        modelVersion: rankingVersion,
        ranking,
        // Sorted by the number the viewer shows: the cases held come first from leaseNext, in any order.
        items: [...leases]
          .sort((a, b) => b.worthiness - a.worthiness)
          .map((lease) => {
            const candidate = store.candidates.get(lease.candidateId);
            if (candidate === undefined)
              throw new Error(`leased candidate ${lease.candidateId} is not registered`);
            const item = candidateCase(store, rankingVersion, ranking, candidate, lease);
            return { ...item, worthiness: lease.worthiness, leaseExpiresAt: lease.expiresAt.toISOString() };
          }),
      });
    }),
  );

  document(docs, {
    method: 'delete',
    path: '/api/worklist/leases',
    summary: "Give the caller's leased cases back to the pool (all of them without candidateIds)",
    tag: 'Worklist',
    role: 'annotator',
    request: { body: jsonBody(ReleaseLeasesSchema) },
    ok: { 200: ReleasedSchema },
    errors: [400],
  });
  router.delete(
    '/leases',
    requireRole('annotator'),
    validate({ body: ReleaseLeasesSchema.optional() }, ({ body }, req, res) => {
      const annotator = actorOf(req).name;
      const ids = body?.candidateIds ?? worklist.active(annotator).map((lease) => lease.candidateId);
      res.json({ released: worklist.release(annotator, ids) });
    }),
  );
  return { path: '/api/worklist', router };
}
