// Express middleware of the trainer server; app.ts mounts them in order.
export { actorOf, setActor } from './actor.js';
export { authenticate } from './authenticate.js';
export type { AuthenticateOptions } from './authenticate.js';
export { corsAllowList } from './cors.js';
export { errorHandler } from './errorHandler.js';
export { HttpError } from './httpError.js';
export { jsonBody } from './jsonBody.js';
export { createLogger } from './logger.js';
export type { LoggerOptions } from './logger.js';
export { notFound } from './notFound.js';
export { createOidcVerifier } from './oidcVerifier.js';
export type { OidcVerifier } from './oidcVerifier.js';
export { rateLimit } from './rateLimit.js';
export { requestLogger } from './requestLogger.js';
export { requireRole } from './requireRole.js';
export { recordMount } from './routePattern.js';
export { validate } from './validate.js';
export type { ParsedRequest, RequestSchemas, ValidatedHandler } from './validate.js';
