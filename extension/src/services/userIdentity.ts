// Who is signed in, as a key the browser computes offline from the Authorization header it sends: the label
// queue records it on every label and sends a label only under a header of the same identity, so on a
// shared workstation one reader's queued labels are never stored as another's. Nothing is verified here
// (the server verifies every request); the key only has to tell users apart and outlive token refreshes.

/** The identity of requests without an Authorization header. */
export const ANONYMOUS_IDENTITY = 'anonymous';

/**
 * The identity of labels queued before identities were recorded: no header ever has it, so such labels
 * are never sent automatically.
 */
export const UNKNOWN_IDENTITY = 'unknown';

/**
 * `oidc ["<iss>","<sub>"]` for a JWT bearer (an OIDC access token: the same for every refresh of one user's
 * token), else `sha256 <hex>` of the credentials (an API token: its hash, never the token), else
 * ANONYMOUS_IDENTITY. A JWT without both `iss` and `sub` counts as an opaque token.
 */
export async function userIdentity(headers: Readonly<Record<string, string>>): Promise<string> {
  const authorization = Object.entries(headers)
    .find(([name]) => name.toLowerCase() === 'authorization')?.[1]
    ?.trim();
  if (authorization === undefined || authorization === '') return ANONYMOUS_IDENTITY;
  const bearer = /^bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const subject = bearer === undefined ? undefined : jwtSubject(bearer);
  if (subject !== undefined) return `oidc ${JSON.stringify(subject)}`;
  return `sha256 ${await sha256Hex(bearer ?? authorization)}`;
}

/** [iss, sub] from a JWT's payload, unverified; undefined when `token` is not a JWT that names both. */
function jwtSubject(token: string): [string, string] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(base64UrlText(parts[1]));
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { iss, sub } = payload as { iss?: unknown; sub?: unknown };
    if (typeof iss !== 'string' || typeof sub !== 'string' || sub === '') return undefined;
    return [iss, sub];
  } catch {
    return undefined; // not base64url JSON: an opaque token that happens to hold two dots
  }
}

function base64UrlText(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
