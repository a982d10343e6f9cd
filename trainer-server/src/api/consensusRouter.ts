import { Router } from 'express';
import { z } from 'zod';
import type { RouterMount } from '../app.js';
import { actorOf, requireRole, validate } from '../http/index.js';
import type { ApiContext } from './context.js';
import { document, jsonBody } from './document.js';
import { consensusDto } from './dto.js';
import { adjudicationSchema, CandidateParams, ConsensusSchema } from './schemas/index.js';

/** Disagreements between annotators, and an admin's decision on them. */
export function consensusRouter({
  config,
  labels,
  docs,
}: Pick<ApiContext, 'config' | 'labels' | 'docs'>): RouterMount {
  const router = Router();
  const Adjudication = adjudicationSchema(config.project.classes);

  document(docs, {
    method: 'get',
    path: '/api/consensus/adjudication',
    summary: 'Candidates whose votes disagree and that no admin has decided yet',
    tag: 'Consensus',
    role: 'admin',
    ok: { 200: z.array(ConsensusSchema) },
  });
  router.get('/adjudication', requireRole('admin'), (_req, res) => {
    res.json(labels.needingAdjudication().map(consensusDto));
  });

  document(docs, {
    method: 'post',
    path: '/api/consensus/{candidateId}/adjudicate',
    summary: "Decide a candidate's class; overrides the votes and is audited",
    tag: 'Consensus',
    role: 'admin',
    request: { params: CandidateParams, body: jsonBody(Adjudication) },
    ok: { 200: ConsensusSchema },
    errors: [400, 404],
  });
  router.post(
    '/:candidateId/adjudicate',
    requireRole('admin'),
    validate({ params: CandidateParams, body: Adjudication }, ({ params, body }, req, res) => {
      const decided = labels.adjudicate(params.candidateId, body.value, actorOf(req), body.reason);
      res.json(consensusDto(decided));
    }),
  );
  return { path: '/api/consensus', router };
}
