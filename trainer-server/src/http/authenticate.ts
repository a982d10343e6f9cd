import type { RequestHandler } from 'express';
import type { TokenStore } from '../store/index.js';
import { setActor } from './actor.js';
import { HttpError } from './httpError.js';
import type { OidcVerifier } from './oidcVerifier.js';

export interface AuthenticateOptions {
  /** API tokens from the store; absent when the configuration turns them off. */
  readonly tokens?: TokenStore;
  readonly oidc?: OidcVerifier;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * `Authorization: Bearer <secret>`: an API token first, then an OIDC JWT. Sets the actor or fails with
 * 401; the secret itself never reaches a message or a log.
 */
export function authenticate({ tokens, oidc }: AuthenticateOptions): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      throw new HttpError(401, 'authentication required: send Authorization: Bearer <token>', CHALLENGE);
    }
    const secret = BEARER.exec(header)?.[1];
    if (secret === undefined) {
      throw new HttpError(401, 'the Authorization header must be "Bearer <token>"', CHALLENGE);
    }
    const token = tokens?.authenticate(secret);
    if (token !== undefined) {
      setActor(req, { name: token.name, role: token.role });
      return next();
    }
    if (oidc !== undefined && secret.split('.').length === 3) {
      setActor(req, await oidc(secret));
      return next();
    }
    throw new HttpError(401, 'the token is not valid', CHALLENGE);
  };
}
