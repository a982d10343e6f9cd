import { z } from 'zod';
import { CandidateId, IsoDate } from './common.js';

/** `n` defaults to the configured batch size. */
export function worklistQuerySchema(defaultSize: number) {
  return z.strictObject({ n: z.coerce.number().int().min(1).max(1000).default(defaultSize) });
}

/** One leased case: what the viewer needs to open it, and why it was chosen. */
export const WorklistItemSchema = z.object({
  candidateId: z.string(),
  studyInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  /** 1-based, as in DICOM. */
  frame: z.int(),
  modality: z.string(),
  worthiness: z.number(),
  entropy: z.number().nullable(),
  diversity: z.number().nullable(),
  predictedClass: z.string().nullable(),
  probability: z.number().nullable(),
  leaseExpiresAt: IsoDate,
});

export const WorklistSchema = z.object({
  /** The model whose scores ranked the cases; null before the first publish (the list is then empty). */
  modelVersion: z.string().nullable(),
  items: z.array(WorklistItemSchema),
});

/** Without `candidateIds`, every lease the caller holds ends. */
export const ReleaseLeasesSchema = z.strictObject({
  candidateIds: z.array(CandidateId).max(1000).optional(),
});

export const ReleasedSchema = z.object({ released: z.int() });

export type WorklistItemDto = z.infer<typeof WorklistItemSchema>;
export type WorklistDto = z.infer<typeof WorklistSchema>;
