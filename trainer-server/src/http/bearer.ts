// The `Authorization: Bearer <secret>` header (RFC 6750), read the same way for users and for the scraper.
import { BEARER_TOKEN_SYNTAX } from '../config/index.js';
import { HttpError } from './httpError.js';

const HEADER = /^Bearer +(\S+?) *$/i;

/** Sent with every 401, as RFC 6750 asks. */
export const BEARER_CHALLENGE: Readonly<Record<string, string>> = { 'WWW-Authenticate': 'Bearer' };

/** The secret a request presents; a missing or malformed header fails with 401. */
export function bearerSecret(header: string | undefined): string {
  if (header === undefined) {
    throw new HttpError(401, 'authentication required: send Authorization: Bearer <token>', BEARER_CHALLENGE);
  }
  const secret = HEADER.exec(header)?.[1];
  if (secret === undefined || !BEARER_TOKEN_SYNTAX.test(secret)) {
    throw new HttpError(401, 'the Authorization header must be "Bearer <token>"', BEARER_CHALLENGE);
  }
  return secret;
}
