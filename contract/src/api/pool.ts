import { z } from 'zod';
import { Uid } from './common.js';

const YYYYMMDD = z.string().regex(/^\d{8}$/, 'must be a date as YYYYMMDD');

/** QIDO filters that pick the PACS frames to register; every one optional, combined with AND. */
export const PoolQuerySchema = z.strictObject({
  studyInstanceUid: Uid.optional(),
  modality: z
    .string()
    .regex(/^[A-Z0-9_ ]{1,16}$/, 'must be a DICOM modality code such as CT')
    .optional(),
  studyDate: z.strictObject({ from: YYYYMMDD.optional(), to: YYYYMMDD.optional() }).optional(),
  series: z
    .strictObject({
      seriesInstanceUid: Uid.optional(),
      seriesDescription: z.string().min(1).max(64).optional(),
    })
    .optional(),
  limit: z.int().min(1).max(1_000_000).optional(),
  offset: z.int().min(0).optional(),
});

export const PoolRegistrationSchema = z.object({
  listed: z.int(),
  registered: z.int(),
  alreadyKnown: z.int(),
});

export type PoolQuery = z.infer<typeof PoolQuerySchema>;
export type PoolRegistrationDto = z.infer<typeof PoolRegistrationSchema>;
