import type { RequestHandler } from 'express';
import { errorHandler } from './errorHandler.js';

/**
 * `handler` for an app other than the trainer's (the viewer gateway mounts the trainer's sign-in check in
 * front of its /dicom-web proxy): what it fails with is answered as /api answers it (errorHandler), so a
 * caller sees the same 401 and WWW-Authenticate whichever route turned it away.
 */
export function answerErrors(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const fail = (error: unknown) => errorHandler(error, req, res, next);
    const passOn = (error?: unknown) => (error === undefined ? next() : fail(error));
    Promise.resolve(handler(req, res, passOn)).catch(fail);
  };
}
