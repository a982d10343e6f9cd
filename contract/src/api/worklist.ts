import { z } from 'zod';
import { CandidateId, IsoDate, Uid } from './common.js';

/** `n` defaults to the configured batch size. */
export function worklistQuerySchema(defaultSize: number) {
  return z.strictObject({ n: z.coerce.number().int().min(1).max(1000).default(defaultSize) });
}

/**
 * What the worklist's order means: the model's worthiness, or, under a cold-start version (nothing learned
 * yet), the order in which robust k-center picked the first `picks` cases to spread over the pool.
 */
export const RankingSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('worthiness') }),
  z.object({ by: z.literal('coldStart'), method: z.string(), picks: z.int() }),
]);

/** One leased case: what the viewer needs to open it, and why it was chosen. */
export const WorklistItemSchema = z.object({
  candidateId: z.string(),
  studyInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  /** 1-based, as in DICOM. */
  frame: z.int(),
  modality: z.string(),
  /** The ranking version's stored worthiness; under a cold start a rank in (0, 1], not the model's worthiness. */
  worthiness: z.number(),
  /** Under a cold start, this case's place in the pick order (1 = picked first); null otherwise or unpicked. */
  pick: z.int().nullable(),
  entropy: z.number().nullable(),
  diversity: z.number().nullable(),
  predictedClass: z.string().nullable(),
  probability: z.number().nullable(),
  leaseExpiresAt: IsoDate,
});

export const WorklistSchema = z.object({
  /** The model whose scores ranked the cases; null before the first publish (the list is then empty). */
  modelVersion: z.string().nullable(),
  /** What orders the items; null when there is no ranking version. */
  ranking: RankingSchema.nullable(),
  items: z.array(WorklistItemSchema),
});

/** The frame to look up: UIDs and its 1-based frame number. */
export const CandidateQuerySchema = z.strictObject({
  studyInstanceUid: Uid,
  seriesInstanceUid: Uid,
  sopInstanceUid: Uid,
  frame: z.coerce.number().int().min(1).max(100_000).default(1),
});

/**
 * A registered candidate, however the viewer came to show it: its UIDs and the ranking version's scores
 * (null once it is labeled: labeled candidates are not rescored), and the caller's lease on it, if any.
 */
export const CandidateCaseSchema = WorklistItemSchema.extend({
  worthiness: z.number().nullable(),
  leaseExpiresAt: IsoDate.nullable(),
});

export const CandidateLookupSchema = z.object({
  modelVersion: z.string().nullable(),
  ranking: RankingSchema.nullable(),
  candidate: CandidateCaseSchema,
  /** The caller's current answer on it (their latest label not retracted), or null when they have none. */
  yourAnswer: z.string().nullable(),
});

/** Without `candidateIds`, every lease the caller holds ends. */
export const ReleaseLeasesSchema = z.strictObject({
  candidateIds: z.array(CandidateId).max(1000).optional(),
});

export const ReleasedSchema = z.object({ released: z.int() });

export type WorklistItemDto = z.infer<typeof WorklistItemSchema>;
export type WorklistDto = z.infer<typeof WorklistSchema>;
export type RankingDto = z.infer<typeof RankingSchema>;
export type CandidateCaseDto = z.infer<typeof CandidateCaseSchema>;
export type CandidateLookupDto = z.infer<typeof CandidateLookupSchema>;
