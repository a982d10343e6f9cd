import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, HttpError, requireRole, validate } from '../http/index.js';
import { readerAnswer } from '../services/index.js';
import { candidateId } from '../store/candidateId.js';
import { candidateCase, rankingOf } from './caseDto.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { CandidateLookupSchema, CandidateQuerySchema } from './schemas/index.js';

/** GET /api/candidates: the registered candidate of a frame, however the viewer came to show it. */
export function candidatesRouter({
  store,
  worklist,
  docs,
}: Pick<ApiContext, 'store' | 'worklist' | 'docs'>): RouterMount {
  const router = Router();
  document(docs, {
    method: 'get',
    path: '/api/candidates',
    summary:
      "The registered candidate of one frame (by its UIDs) with the ranking version's scores and the caller's current answer; 404 when the frame is not a candidate",
    tag: 'Pool',
    role: 'annotator',
    request: { query: CandidateQuerySchema },
    ok: { 200: CandidateLookupSchema },
    errors: [400, 404],
  });
  router.get(
    '/',
    requireRole('annotator'),
    validate({ query: CandidateQuerySchema }, ({ query }, req, res) => {
      const candidate = store.candidates.get(candidateId(query));
      if (candidate === undefined)
        throw new HttpError(404, 'this frame is not a registered candidate of the pool');
      const annotator = actorOf(req).name;
      const lease = worklist.active(annotator).find((l) => l.candidateId === candidate.id);
      const version = store.scores.rankingVersion();
      const ranking = rankingOf(store, version);
      res.json({
        modelVersion: version,
        ranking,
        candidate: candidateCase(store, version, ranking, candidate, lease),
        yourAnswer: readerAnswer(store, candidate.id, annotator),
      });
    }),
  );
  return { path: '/api/candidates', router };
}
