// Every kind of credential a client may present to the trainer server, valid or not, with how it stands.
import { base64url, generateKeyPair } from 'jose';
import type { Role } from '../../../trainer-server/src/store/index.js';
import { AUDIENCE, bearer } from '../http/support.js';
import type { IdentityProvider } from '../http/support.js';
import type { Standing } from './authorizationPolicy.js';

export interface Credential {
  readonly name: string;
  readonly standing: Standing;
  /** The request headers that carry it (none for anonymous). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface CredentialSources {
  /** The identity provider the server under test trusts. */
  readonly idp: IdentityProvider;
  /** Creates an API token on the server under test; returns its secret. */
  readonly token: (name: string, role: Role) => string;
  readonly revoke: (name: string) => void;
  /** An admin token that another deployment (another data folder) issued and accepts. */
  readonly foreignToken: string;
}

const ADMINS = ['aift-admins'];
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The annotator and admin identities are `ana`/`root` (API tokens) and `dr.who`/`jwt-root` (JWTs). */
export async function credentialsFor(sources: CredentialSources): Promise<readonly Credential[]> {
  const { idp, token } = sources;
  const otherKey = await generateKeyPair('RS256');
  const revoked = bearer(token('gone', 'admin'));
  sources.revoke('gone');
  const sign = (claims: Record<string, unknown>, options?: Parameters<IdentityProvider['sign']>[1]) =>
    idp.sign({ sub: 'eve', groups: ADMINS, ...claims }, options);
  const list: [string, Standing, Record<string, string>][] = [
    ['anonymous', 'invalid', {}],
    ['annotator API token', 'annotator', bearer(token('ana', 'annotator'))],
    ['admin API token', 'admin', bearer(token('root', 'admin'))],
    ['admin token of another deployment', 'invalid', bearer(sources.foreignToken)],
    ['revoked admin token', 'invalid', revoked],
    ['unknown token', 'invalid', bearer('x'.repeat(43))],
    [
      'JWT annotator',
      'annotator',
      bearer(await sign({ preferred_username: 'dr.who', groups: ['radiologists'] })),
    ],
    ['JWT admin', 'admin', bearer(await sign({ preferred_username: 'jwt-root' }))],
    ['JWT without a role', 'no role', bearer(await sign({ groups: ['nurses'] }))],
    ['JWT expired', 'invalid', bearer(await sign({ exp: nowSeconds() - 600 }))],
    ['JWT signed by another key', 'invalid', bearer(await sign({}, { key: otherKey.privateKey }))],
    ['JWT wrong audience', 'invalid', bearer(await sign({}, { audience: `${AUDIENCE}-other` }))],
    ['JWT wrong issuer', 'invalid', bearer(await sign({}, { issuer: 'http://127.0.0.1:9/evil' }))],
    ['JWT alg none', 'invalid', bearer(unsignedJwt(idp.issuer))],
  ];
  return list.map(([name, standing, headers]) => ({ name, standing, headers }));
}

/** A JWT with `alg: none` and no signature, claiming admin for the trusted issuer and audience. */
function unsignedJwt(issuer: string): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  const claims = { iss: issuer, aud: AUDIENCE, sub: 'eve', groups: ADMINS, exp: nowSeconds() + 600 };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
