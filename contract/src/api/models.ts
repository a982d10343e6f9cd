import { z } from 'zod';
import { ModelCardSchema } from '../modelCard.js';
import { IsoDate, ModelVersionName } from './common.js';

export const ModelVersionParams = z.strictObject({ version: ModelVersionName });

export const ModelVersionSchema = z.object({
  version: z.string(),
  parent: z.string().nullable(),
  /** Hex sha256 of model.onnx: its ETag. */
  sha256: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: IsoDate,
});

/** A listed version, with the outcome of its integrity check (a damaged one's files answer 500). */
export const ModelListItemSchema = ModelVersionSchema.extend({
  /** Whether model.onnx hashes to `sha256` and model-card.json names the version. */
  intact: z.boolean(),
  /** Set when not intact: what is wrong, naming the file (e.g. model.onnx hashes to another sha256). */
  problem: z.string().optional(),
});

export const ModelListSchema = z.object({
  /** The version clients should use; null before the first publish. */
  latest: z.string().nullable(),
  versions: z.array(ModelListItemSchema),
});

export const LatestModelSchema = ModelVersionSchema.extend({
  movedAt: IsoDate,
  movedBy: z.string(),
  modelCard: ModelCardSchema,
});

export const RollbackSchema = z.strictObject({
  version: ModelVersionName,
  reason: z.string().max(2000).optional(),
});

export const LatestPointerSchema = z.object({ version: z.string(), movedAt: IsoDate, movedBy: z.string() });

export type ModelVersionDto = z.infer<typeof ModelVersionSchema>;
export type ModelListItemDto = z.infer<typeof ModelListItemSchema>;
export type ModelListDto = z.infer<typeof ModelListSchema>;
export type LatestModelDto = z.infer<typeof LatestModelSchema>;
