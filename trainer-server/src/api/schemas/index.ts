// The API contract: zod schemas that check requests, type both ends and generate the OpenAPI document.
// The extension imports these types with `import type` only.
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
