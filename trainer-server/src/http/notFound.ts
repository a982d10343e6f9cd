import type { RequestHandler } from 'express';
import { HttpError } from './httpError.js';

export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, `no route for ${req.method} ${req.path}`);
};
