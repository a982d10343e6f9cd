// @aift/contract: the wire between the trainer server and the viewer. Depends on zod only.
export * from './api/index.js';
export * from './events.js';
export * from './modelCard.js';
