import { z } from 'zod';
import { CandidateId, IsoDate } from './common.js';

export const CandidateParams = z.strictObject({ candidateId: CandidateId });

/** An admin's decision for a candidate whose votes disagree; the value must be a configured class. */
export function adjudicationSchema(classes: readonly string[]) {
  return z.strictObject({
    value: z.enum(classes as [string, ...string[]]),
    reason: z.string().max(2000).optional(),
  });
}

export const ConsensusSchema = z.object({
  candidateId: z.string(),
  value: z.string().nullable(),
  status: z.enum(['unlabeled', 'unanimous', 'majority', 'tie', 'adjudicated']),
  needsAdjudication: z.boolean(),
  votes: z.record(z.string(), z.int()),
  adjudication: z
    .object({ value: z.string(), by: z.string(), at: IsoDate, reason: z.string().nullable() })
    .nullable(),
});

export type ConsensusDto = z.infer<typeof ConsensusSchema>;
