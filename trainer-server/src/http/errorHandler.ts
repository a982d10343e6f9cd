import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError } from '../store/index.js';
import { HttpError } from './httpError.js';

interface ErrorReply {
  readonly status: number;
  readonly body: { readonly message: string; readonly issues?: readonly { path: string; message: string }[] };
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The one place errors become responses. 4xx messages go to the client as written; a 5xx says only
 * "internal server error" and its details go to the request log (pino-http logs `res.err`).
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const reply = toReply(error);
  if (reply.status >= 500) res.err = error instanceof Error ? error : new Error(String(error));
  res
    .status(reply.status)
    .set(reply.headers ?? {})
    .json(reply.body);
};

function toReply(error: unknown): ErrorReply {
  if (error instanceof HttpError) {
    return { status: error.status, body: { message: error.message }, headers: error.headers };
  }
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    const list = issues.map((i) => `${i.path || '(request)'}: ${i.message}`).join('; ');
    return { status: 400, body: { message: `invalid request: ${list}`, issues } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { message: error.message } };
  if (error instanceof ConflictError) return { status: 409, body: { message: error.message } };
  if (error instanceof ForbiddenError) return { status: 403, body: { message: error.message } };
  // The store refuses bad input with a RangeError naming the field (see store/errors.ts).
  if (error instanceof RangeError) return { status: 400, body: { message: error.message } };
  const status = clientStatus(error);
  if (status !== undefined) return { status, body: { message: STATUS_CODES[status] ?? 'bad request' } };
  return { status: 500, body: { message: 'internal server error' } };
}

/**
 * Errors from express itself carry a 4xx `status`: body-parser's with `expose: true`, the router's URIError
 * for a path param with a malformed escape (`/api/labels/%ZZ`) without it.
 */
function clientStatus(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  const fromExpress = expose === true || error instanceof URIError;
  return typeof status === 'number' && status >= 400 && status < 500 && fromExpress ? status : undefined;
}
