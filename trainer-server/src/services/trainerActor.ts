import type { Actor } from '../store/ports.js';

/** Who the audit trail names for the writes a job makes on its own (progress, publish, scores). */
export const TRAINER: Actor = { name: 'trainer', role: 'admin' };
