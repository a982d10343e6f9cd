import { Router } from 'express';
import type { RouterMount } from '../app.js';
import { actorOf, requireRole, validate } from '../http/index.js';
import { studyMarks } from '../services/index.js';
import { pickOf, rankingOf } from './caseDto.js';
import type { ApiContext } from './context.js';
import { document } from './document.js';
import { StudyMarksQuerySchema, StudyMarksSchema } from './schemas/index.js';
import type { StudyMarksDto } from './schemas/index.js';

/** GET /api/study-marks: what a study list marks on each study for the signed-in reader. */
export function studyMarksRouter({ store, docs }: Pick<ApiContext, 'store' | 'docs'>): RouterMount {
  const router = Router();
  document(docs, {
    method: 'get',
    path: '/api/study-marks',
    summary:
      "For each study: the caller's own answers on its frames, the frames the caller or another reader holds, and its most worthy frame the caller has not labeled",
    tag: 'Pool',
    role: 'annotator',
    request: { query: StudyMarksQuerySchema },
    ok: { 200: StudyMarksSchema },
    errors: [400],
  });
  router.get(
    '/',
    requireRole('annotator'),
    validate({ query: StudyMarksQuerySchema }, ({ query }, req, res) => {
      const marks = studyMarks(store, actorOf(req).name, query.studyInstanceUids);
      const ranking = rankingOf(store, marks.modelVersion);
      const body: StudyMarksDto = {
        modelVersion: marks.modelVersion,
        ranking,
        ranked: marks.modelVersion === null ? 0 : store.scores.count(marks.modelVersion),
        studies: marks.studies.map((study) => ({
          ...study,
          labeledByYou: [...study.labeledByYou],
          worthiest: study.worthiest && {
            ...study.worthiest,
            pick: pickOf(ranking, study.worthiest.worthiness),
          },
        })),
      };
      res.json(body);
    }),
  );
  return { path: '/api/study-marks', router };
}
