import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from './httpError.js';

/**
 * Parses JSON bodies up to `limitBytes`. Parser failures become HttpErrors with our own words: the
 * parser's message quotes the body, and a body may hold what a log or a reply must not.
 */
export function jsonBody(limitBytes: number): [RequestHandler, ErrorRequestHandler] {
  const explain: ErrorRequestHandler = (error: { type?: unknown }, _req, _res, next) => {
    switch (error.type) {
      case 'entity.too.large':
        return next(new HttpError(413, `the request body is larger than ${limitBytes} bytes`));
      case 'entity.parse.failed':
        return next(new HttpError(400, 'the request body is not valid JSON'));
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return next(new HttpError(415, 'the request body must be UTF-8 JSON'));
      case 'request.aborted':
        return next(new HttpError(400, 'the request was aborted before its body arrived'));
      default:
        return next(error);
    }
  };
  return [express.json({ limit: limitBytes, strict: true }), explain];
}
