// The trainer server as a library: the factory that main.ts runs, and the API contract (zod schemas and the
// types inferred from them) that the viewer extension imports with `import type`.
export { createServer } from './server.js';
export type { ServerDependencies, TrainerServer } from './server.js';
export { loadConfig } from './config/index.js';
export type { ServerConfig } from './config/index.js';
export * from './api/schemas/index.js';
