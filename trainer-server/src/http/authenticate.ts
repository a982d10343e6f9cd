import type { RequestHandler } from 'express';
import type { TokenStore } from '../store/index.js';
import { setActor } from './actor.js';
import { BEARER_CHALLENGE, bearerSecret } from './bearer.js';
import { HttpError } from './httpError.js';
import type { OidcVerifier } from './oidcVerifier.js';

export interface AuthenticateOptions {
  /** API tokens from the store; absent when the configuration turns them off. */
  readonly tokens?: TokenStore;
  readonly oidc?: OidcVerifier;
}

/**
 * `Authorization: Bearer <secret>`: an API token first, then an OIDC JWT. Sets the actor or fails with
 * 401; the secret itself never reaches a message or a log.
 */
export function authenticate({ tokens, oidc }: AuthenticateOptions): RequestHandler {
  return async (req, _res, next) => {
    const secret = bearerSecret(req.headers.authorization);
    const token = tokens?.authenticate(secret);
    if (token !== undefined) {
      setActor(req, { name: token.name, role: token.role });
      return next();
    }
    if (oidc !== undefined && secret.split('.').length === 3) {
      setActor(req, await oidc(secret));
      return next();
    }
    throw new HttpError(401, 'the token is not valid', BEARER_CHALLENGE);
  };
}
