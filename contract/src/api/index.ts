// The HTTP API: zod schemas that check requests, type both ends and generate the OpenAPI document.
// The server validates with them; the extension parses replies with them or imports their types.
export * from './common.js';
export * from './consensus.js';
export * from './labels.js';
export * from './models.js';
export * from './pool.js';
export * from './strategies.js';
export * from './training.js';
export * from './worklist.js';
export * from './progress.js';
export * from './studyMarks.js';
