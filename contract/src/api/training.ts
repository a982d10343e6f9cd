import { z } from 'zod';
import { IsoDate } from './common.js';

export const TrainingJobSchema = z.object({
  id: z.int(),
  project: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  /** In [0, 1]. */
  progress: z.number(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  /**
   * Who started the job: an admin, or for `training.trigger = every` the annotator whose label started it.
   * Under `project.blindReview` an annotator sees their own name, and "another user" for anybody else.
   */
  startedBy: z.string(),
  startedAt: IsoDate,
  finishedAt: IsoDate.nullable(),
});

/** The newest job of the project (running or finished), or null when none ever ran. */
export const TrainingStatusSchema = z.object({
  job: TrainingJobSchema.nullable(),
  /** Consensus labels new since the last published model. */
  newLabels: z.int(),
});

export type TrainingJobDto = z.infer<typeof TrainingJobSchema>;
export type TrainingStatusDto = z.infer<typeof TrainingStatusSchema>;
