import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, requireRole, validate } from '../http/index.js';
import type { Lease, Store } from '../store/index.js';
import type { ApiContext } from './context.js';
import { document, jsonBody } from './document.js';
import { ReleaseLeasesSchema, ReleasedSchema, worklistQuerySchema, WorklistSchema } from './schemas/index.js';
import type { WorklistItemDto } from './schemas/index.js';

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
      res.json({
        modelVersion: rankingVersion,
        items: leases.map((lease) => worklistItem(store, rankingVersion, lease)),
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

function worklistItem(
  store: Pick<Store, 'candidates' | 'scores'>,
  version: string | null,
  lease: Lease,
): WorklistItemDto {
  const candidate = store.candidates.get(lease.candidateId);
  if (candidate === undefined) throw new Error(`leased candidate ${lease.candidateId} is not registered`);
  const score = version === null ? undefined : store.scores.get(version, lease.candidateId);
  return {
    candidateId: candidate.id,
    studyInstanceUid: candidate.studyInstanceUid,
    seriesInstanceUid: candidate.seriesInstanceUid,
    sopInstanceUid: candidate.sopInstanceUid,
    frame: candidate.frame,
    modality: candidate.modality,
    worthiness: lease.worthiness,
    entropy: score?.entropy ?? null,
    diversity: score?.diversity ?? null,
    predictedClass: score?.predictedClass ?? null,
    probability: score?.probability ?? null,
    leaseExpiresAt: lease.expiresAt.toISOString(),
  };
}
