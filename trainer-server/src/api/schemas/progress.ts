import { z } from 'zod';

/** The labeling panel's counts. */
export const ProgressSchema = z.object({
  /** Registered candidates in the pool. */
  candidates: z.int(),
  /** Candidates with at least one class vote or an adjudication. */
  labeled: z.int(),
  /** Candidates still waiting for a class label. */
  inQueue: z.int(),
  /**
   * Share of multiply-labeled candidates whose votes agree; null when none is labeled twice, or for an
   * annotator under `project.blindReview` (it would tell them how colleagues read the same cases).
   */
  agreementRate: z.number().nullable(),
});

export type ProgressDto = z.infer<typeof ProgressSchema>;
