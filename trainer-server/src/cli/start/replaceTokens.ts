// The tokens `npm start` makes (for scripts, and for its own viewer page): each set replaces the one before.
import { randomBytes } from 'node:crypto';
import type { Actor, ApiToken, Store } from '../../store/index.js';

/**
 * Revokes `earlier` (the previous sets) and creates `wanted` anew, returning each new secret by its base
 * name. Token names are unique in the store, so every set after the first gets a generation suffix.
 */
export function replaceTokens<Name extends string>(
  tokens: Store['tokens'],
  earlier: readonly ApiToken[],
  wanted: readonly { readonly name: Name; readonly role: ApiToken['role'] }[],
  by: Actor,
): Record<Name, string> {
  for (const token of earlier) if (token.revokedAt === null) tokens.revoke(token.name, by);
  const generation = earlier.length / wanted.length + 1;
  const suffix = generation === 1 ? '' : `-${generation}`;
  const secrets = {} as Record<Name, string>;
  for (const { name, role } of wanted) {
    const secret = randomBytes(24).toString('base64url');
    tokens.create({ name: `${name}${suffix}`, role, secret }, by);
    secrets[name] = secret;
  }
  return secrets;
}
