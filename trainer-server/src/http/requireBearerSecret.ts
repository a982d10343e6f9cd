import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { BEARER_CHALLENGE, bearerSecret } from './bearer.js';
import { HttpError } from './httpError.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Admits a request only with `Authorization: Bearer <secret>` for this one secret, else 401: the credential of
 * a machine client such as Prometheus, which is no user, so API tokens and OIDC tokens do not count here.
 * Compares SHA-256 digests in constant time: equal lengths whatever is sent, so timing tells nothing.
 */
export function requireBearerSecret(secret: string): RequestHandler {
  const expected = digest(secret);
  return (req, _res, next) => {
    if (!timingSafeEqual(digest(bearerSecret(req.headers.authorization)), expected)) {
      throw new HttpError(401, 'the token is not valid', BEARER_CHALLENGE);
    }
    next();
  };
}
