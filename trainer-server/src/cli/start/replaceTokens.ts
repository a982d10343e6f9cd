// The tokens `npm start` makes for its demo readers and admin: each set replaces the one before.
import { randomBytes } from 'node:crypto';
import type { Actor, ApiToken, Store } from '../../store/index.js';

/**
 * Until 0.1, `npm start` made a reader token per run under this name and wrote it into the page's
 * app-config.js. Nothing makes one any more; data folders from then may still hold one, still valid.
 */
const PAGE_TOKEN_CREATOR = 'npm-start-viewer';

/**
 * Revokes `earlier` (the previous sets) and creates `wanted` anew, returning each new secret by its base
 * name. Token names are unique in the store, so each later token of a name gets a generation suffix.
 */
export function replaceTokens<Name extends string>(
  tokens: Store['tokens'],
  earlier: readonly ApiToken[],
  wanted: readonly { readonly name: Name; readonly role: ApiToken['role'] }[],
  by: Actor,
): Record<Name, string> {
  for (const token of earlier) if (token.revokedAt === null) tokens.revoke(token.name, by);
  const taken = new Set(tokens.list().map((t) => t.name));
  const secrets = {} as Record<Name, string>;
  for (const { name, role } of wanted) {
    let unique: string = name;
    for (let generation = 2; taken.has(unique); generation += 1) unique = `${name}-${generation}`;
    const secret = randomBytes(24).toString('base64url');
    tokens.create({ name: unique, role, secret }, by);
    secrets[name] = secret;
  }
  return secrets;
}

/** Revokes the page tokens earlier versions served in app-config.js (PAGE_TOKEN_CREATOR). */
export function revokePageTokens(tokens: Store['tokens'], by: Actor): void {
  for (const token of tokens.list()) {
    if (token.createdBy === PAGE_TOKEN_CREATOR && token.revokedAt === null) tokens.revoke(token.name, by);
  }
}
