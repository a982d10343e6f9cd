// The events of GET /api/events (Server-Sent Events): one `event:` line naming the event, one `data:` line
// holding its payload as JSON. This is the one list of event names; the server's EventBus, its SSE route
// and the extension's event stream all take their names and payload types from here.
import { z } from 'zod';
import { TrainingJobSchema } from './api/training.js';

/** Steps of a training job, in order; cold-start jobs skip 'labels' and 'fine-tune'. */
export const TrainingStepSchema = z.enum([
  'labels',
  'embeddings',
  'fine-tune',
  'publish',
  'scoring',
  'done',
  /** Comes last, once the job is stored as succeeded, failed or cancelled (its `job.status`). */
  'finished',
]);

/** Each event's payload exactly as the stream sends it. */
export const TrainerEventSchemas = {
  /** A training job moved on; `job` as GET /api/training shows it to the receiving reader. */
  'training.progress': z.object({ job: TrainingJobSchema, step: TrainingStepSchema }),
  /** A new version is published and is the latest. */
  'model.published': z.object({
    version: z.string(),
    parent: z.string().nullable(),
    sha256: z.string(),
    jobId: z.int(),
  }),
  /** The pool was rescored under `modelVersion`: worklists fetched before are stale. */
  'worklist.changed': z.object({ modelVersion: z.string(), scored: z.int() }),
} as const;

export type TrainerEventName = keyof typeof TrainerEventSchemas;
export type TrainerEvents = { readonly [E in TrainerEventName]: z.infer<(typeof TrainerEventSchemas)[E]> };
export type TrainingStep = z.infer<typeof TrainingStepSchema>;

export const TRAINER_EVENT_NAMES = Object.keys(TrainerEventSchemas) as readonly TrainerEventName[];

export function isTrainerEventName(name: string): name is TrainerEventName {
  return Object.hasOwn(TrainerEventSchemas, name);
}
