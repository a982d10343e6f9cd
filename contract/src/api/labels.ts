import { z } from 'zod';
import { CandidateId, IsoDate } from './common.js';

/** The answers that are no class: they are stored but never vote. */
export const NON_CLASS_ANSWERS = ['skip', 'unsure'] as const;

/** The body of POST /api/labels for a project with these classes; the annotator comes from the token. */
export function newLabelSchema(classes: readonly string[]) {
  const values: [string, ...string[]] = [...NON_CLASS_ANSWERS, ...classes];
  return z.strictObject({
    candidateId: CandidateId,
    /** A configured class, `skip` or `unsure`. */
    value: z.enum(values),
    note: z.string().max(2000).optional(),
    /** Chosen by the client per submission; a retry with the same key stores nothing new. */
    idempotencyKey: z.string().min(1).max(128),
  });
}

export const LabelIdParams = z.strictObject({ id: z.coerce.number().int().min(1) });

export const LabelSchema = z.object({
  id: z.int(),
  candidateId: z.string(),
  annotator: z.string(),
  value: z.string(),
  note: z.string().nullable(),
  idempotencyKey: z.string(),
  createdAt: IsoDate,
  retracted: z.object({ at: IsoDate, by: z.string() }).nullable(),
});

export const LabelExportQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('json') });

export const LabelExportRowSchema = z.object({
  labelId: z.int(),
  candidateId: z.string(),
  studyInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  frame: z.int(),
  modality: z.string(),
  annotator: z.string(),
  value: z.string(),
  note: z.string().nullable(),
  createdAt: IsoDate,
  retractedAt: IsoDate.nullable(),
  retractedBy: z.string().nullable(),
});

export type NewLabelBody = z.infer<ReturnType<typeof newLabelSchema>>;
export type LabelDto = z.infer<typeof LabelSchema>;
export type LabelExportRowDto = z.infer<typeof LabelExportRowSchema>;
