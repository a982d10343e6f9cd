// The identity the label queue keys labels by, computed from the Authorization header alone: stable over
// an OIDC user's token refreshes, different between users, and never an API token's text.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { ANONYMOUS_IDENTITY, userIdentity } from '../../../extension/src/services/userIdentity.js';

const ISSUER = 'https://login.hospital.example/realms/radiology';

describe('userIdentity', async () => {
  const { privateKey } = await generateKeyPair('RS256');
  const jwt = (claims: JWTPayload, expiresIn: string) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setExpirationTime(expiresIn).sign(privateKey);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('is the same for two access tokens of one user that expire at different times', async () => {
    const first = await jwt({ iss: ISSUER, sub: 'u-1', jti: 'a' }, '5m');
    const refreshed = await jwt({ iss: ISSUER, sub: 'u-1', jti: 'b' }, '1h');
    assert.notEqual(first, refreshed);
    const identity = await userIdentity(bearer(first));
    assert.equal(identity, await userIdentity(bearer(refreshed)));
    assert.equal(identity, `oidc ${JSON.stringify([ISSUER, 'u-1'])}`);
  });

  it('tells apart two subjects, and one subject of two issuers', async () => {
    const identities = await Promise.all(
      [
        { iss: ISSUER, sub: 'u-1' },
        { iss: ISSUER, sub: 'u-2' },
        { iss: 'https://other.example', sub: 'u-1' },
      ].map(async (claims) => userIdentity(bearer(await jwt(claims, '1h')))),
    );
    assert.equal(new Set(identities).size, 3);
  });

  it('is the SHA-256 of an API token, never the token', async () => {
    const token = 'q8Vn2yPz0d1-api-token-secret';
    const identity = await userIdentity(bearer(token));
    assert.equal(identity, `sha256 ${createHash('sha256').update(token).digest('hex')}`);
    assert.ok(!identity.includes(token));
    assert.notEqual(identity, await userIdentity(bearer(`${token}x`)));
  });

  it('hashes a token that only looks like a JWT, or a JWT that names no subject', async () => {
    for (const token of ['abc.def.ghi', await jwt({ iss: ISSUER }, '1h')])
      assert.match(await userIdentity(bearer(token)), /^sha256 [0-9a-f]{64}$/);
  });

  it('reads the header whatever its case, hashes other schemes whole, and is anonymous without one', async () => {
    const token = await jwt({ iss: ISSUER, sub: 'u-1' }, '1h');
    assert.equal(await userIdentity({ authorization: `bearer ${token}` }), await userIdentity(bearer(token)));
    const basic = 'Basic YWxpY2U6c2VjcmV0';
    assert.equal(
      await userIdentity({ Authorization: basic }),
      `sha256 ${createHash('sha256').update(basic).digest('hex')}`,
    );
    assert.equal(await userIdentity({}), ANONYMOUS_IDENTITY);
    assert.equal(await userIdentity({ Accept: 'application/json' }), ANONYMOUS_IDENTITY);
  });
});
