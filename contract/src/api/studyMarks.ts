import { z } from 'zod';
import { CandidateId, Uid } from './common.js';
import { RankingSchema } from './worklist.js';

/** As many studies as a page of OHIF's study list shows, and more. */
const MAX_STUDIES = 200;

export const StudyMarksQuerySchema = z.strictObject({
  /** Comma-separated Study Instance UIDs. */
  studyInstanceUids: z
    .string()
    .transform((raw) => raw.split(',').filter((uid) => uid !== ''))
    .pipe(z.array(Uid).min(1).max(MAX_STUDIES)),
});

/** What a study list marks on one study for the signed-in reader (services/studyMarks.ts). */
export const StudyMarkSchema = z.object({
  studyInstanceUid: z.string(),
  candidates: z.int(),
  labeledByYou: z.array(z.string()),
  labeledByOthers: z.int(),
  heldByYou: z.int(),
  heldByOthers: z.int(),
  /** The study's most worthy frame the reader has not labeled: its place in the ranking, or its pick. */
  worthiest: z
    .object({
      candidateId: CandidateId,
      worthiness: z.number(),
      rank: z.int(),
      /** Under a cold start, the pick order (1 = picked first); null otherwise or unpicked. */
      pick: z.int().nullable(),
    })
    .nullable(),
});

export const StudyMarksSchema = z.object({
  modelVersion: z.string().nullable(),
  ranking: RankingSchema.nullable(),
  /** The pool's size under the ranking version, for "rank 5 of 300". */
  ranked: z.int(),
  studies: z.array(StudyMarkSchema),
});

export type StudyMarkDto = z.infer<typeof StudyMarkSchema>;
export type StudyMarksDto = z.infer<typeof StudyMarksSchema>;
