import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { OidcConfig } from '../config/index.js';
import type { Actor, Role } from '../store/index.js';
import { HttpError } from './httpError.js';

/** Checks a JWT from the identity provider and returns who it names; throws HttpError 401/403/503. */
export type OidcVerifier = (jwt: string) => Promise<Actor>;

/** Problems on our side of the identity provider, not with the token: the client is not to blame. */
const PROVIDER_ERRORS = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

export function createOidcVerifier(config: OidcConfig): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: [...config.algorithms],
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['exp'],
  };
  return async (jwt) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, jwks, options));
    } catch (error) {
      throw verificationFailure(error);
    }
    const name = claimName(payload);
    const role = roleOf(payload, config);
    if (role === undefined) {
      throw new HttpError(403, `the identity ${name} has no annotator or admin role`);
    }
    return { name, role };
  };
}

function verificationFailure(error: unknown): unknown {
  if (error instanceof errors.JOSEError && !PROVIDER_ERRORS.has(error.code)) {
    const reason = error instanceof errors.JWTExpired ? 'the token has expired' : 'the token is not valid';
    return new HttpError(401, reason, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  if (error instanceof errors.JOSEError || error instanceof TypeError) {
    return new HttpError(503, 'cannot reach the identity provider to check the token', {}, { cause: error });
  }
  return error;
}

function claimName(payload: JWTPayload): string {
  const preferred = payload['preferred_username'];
  if (typeof preferred === 'string' && preferred !== '') return preferred;
  if (typeof payload.sub === 'string' && payload.sub !== '') return payload.sub;
  throw new HttpError(401, 'the token names nobody (no preferred_username or sub)');
}

/** Admin wins over annotator when the claim carries both. */
function roleOf(payload: JWTPayload, config: OidcConfig): Role | undefined {
  let claim: unknown = payload;
  for (const key of config.rolesClaim.split('.')) {
    claim = claim !== null && typeof claim === 'object' ? (claim as Record<string, unknown>)[key] : undefined;
  }
  const values = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  const has = (wanted: readonly string[]): boolean => values.some((v) => wanted.includes(v as string));
  if (has(config.adminValues)) return 'admin';
  if (has(config.annotatorValues)) return 'annotator';
  return undefined;
}
