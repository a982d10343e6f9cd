import { z } from 'zod';

/** Every 4xx/5xx body; `issues` comes with a 400 from schema validation, one entry per bad field. */
export const ErrorSchema = z.object({
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Times travel as ISO 8601 strings. */
export const IsoDate = z.iso.datetime();

/** A DICOM UID: digits and dots, at most 64 characters. */
export const Uid = z
  .string()
  .max(64)
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/, 'must be a DICOM UID (digits and dots)');

/** The store's candidate id (a hex digest of the UIDs and frame). */
export const CandidateId = z.string().min(1).max(128);

/** A model version as the registry names its folders: no slash, no leading dot, so no path traversal. */
export const ModelVersionName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a model version such as v0001');
