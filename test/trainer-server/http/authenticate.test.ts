import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import express from 'express';
import { base64url, generateKeyPair } from 'jose';
import { buildApp } from '../../../trainer-server/src/app.js';
import { actorOf, createLogger, requireRole } from '../../../trainer-server/src/http/index.js';
import { bearer, oidcAuth, startApp, startIdentityProvider } from './support.js';

/** An admin-only route, as another engineer would add one. */
function adminRouter(): express.Router {
  const router = express.Router();
  router.get('/', requireRole('admin'), (req, res) => {
    res.json({ ok: true, by: actorOf(req).name });
  });
  return router;
}

const NOW = () => Math.floor(Date.now() / 1000);

async function fixture(t: TestContext) {
  const idp = await startIdentityProvider(t);
  const app = await startApp(t, oidcAuth(idp), [{ path: '/api/admin-only', router: adminRouter() }]);
  const other = await generateKeyPair('RS256');
  const revoked = app.createToken('gone', 'admin');
  app.store.tokens.revoke('gone', { name: 'setup', role: 'admin' });
  const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(
    JSON.stringify({
      iss: idp.issuer,
      aud: 'aift-trainer',
      sub: 'eve',
      groups: ['aift-admins'],
      exp: NOW() + 600,
    }),
  )}.`;
  const credentials: Record<string, Record<string, string>> = {
    anonymous: {},
    'not a bearer header': { Authorization: 'Basic YWRtaW46YWRtaW4=' },
    'annotator token': bearer(app.createToken('ana', 'annotator')),
    'admin token': bearer(app.createToken('root', 'admin')),
    'revoked token': bearer(revoked),
    'unknown token': bearer('x'.repeat(43)),
    'JWT annotator': bearer(await idp.sign({ preferred_username: 'dr.who', groups: ['radiologists'] })),
    'JWT admin (sub only)': bearer(await idp.sign({ sub: 'u-42', groups: ['radiologists', 'aift-admins'] })),
    'JWT without a role': bearer(await idp.sign({ sub: 'u-7', groups: ['nurses'] })),
    'JWT expired': bearer(await idp.sign({ sub: 'u-1', groups: ['aift-admins'], exp: NOW() - 120 })),
    'JWT signed by another key': bearer(
      await idp.sign({ sub: 'u-1', groups: ['aift-admins'] }, { key: other.privateKey }),
    ),
    'JWT wrong audience': bearer(
      await idp.sign({ sub: 'u-1', groups: ['aift-admins'] }, { audience: 'other-app' }),
    ),
    'JWT wrong issuer': bearer(
      await idp.sign({ sub: 'u-1', groups: ['aift-admins'] }, { issuer: 'http://evil.test' }),
    ),
    'JWT alg none': bearer(unsigned),
  };
  return { app, credentials };
}

describe('authentication and roles', () => {
  it('answers each credential with the expected status on /api/whoami and an admin-only route', async (t) => {
    const { app, credentials } = await fixture(t);
    const expected: Record<string, [number, number, unknown?]> = {
      anonymous: [401, 401],
      'not a bearer header': [401, 401],
      'annotator token': [200, 403, { name: 'ana', role: 'annotator' }],
      'admin token': [200, 200, { name: 'root', role: 'admin' }],
      'revoked token': [401, 401],
      'unknown token': [401, 401],
      'JWT annotator': [200, 403, { name: 'dr.who', role: 'annotator' }],
      'JWT admin (sub only)': [200, 200, { name: 'u-42', role: 'admin' }],
      'JWT without a role': [403, 403],
      'JWT expired': [401, 401],
      'JWT signed by another key': [401, 401],
      'JWT wrong audience': [401, 401],
      'JWT wrong issuer': [401, 401],
      'JWT alg none': [401, 401],
    };
    for (const [name, headers] of Object.entries(credentials)) {
      const [whoamiStatus, adminStatus, actor] = expected[name]!;
      const whoami = await fetch(`${app.url}/api/whoami`, { headers });
      const body = (await whoami.json()) as Record<string, unknown>;
      assert.equal(whoami.status, whoamiStatus, `${name}: /api/whoami`);
      if (actor !== undefined) assert.deepEqual(body, actor, name);
      else assert.equal(typeof body['message'], 'string', `${name}: a JSON message`);
      const admin = await fetch(`${app.url}/api/admin-only`, { headers });
      assert.equal(admin.status, adminStatus, `${name}: /api/admin-only`);
      const text = await admin.text();
      const secret = headers['Authorization']?.split(' ')[1];
      if (secret !== undefined) assert.ok(!text.includes(secret), `${name}: the reply holds no token`);
    }
    const log = app.logText();
    for (const headers of Object.values(credentials)) {
      const secret = headers['Authorization']?.split(' ')[1];
      if (secret !== undefined) assert.ok(!log.includes(secret), 'the log holds no token');
    }
  });

  it('says why an expired JWT is refused and challenges with WWW-Authenticate', async (t) => {
    const { app, credentials } = await fixture(t);
    const expired = await fetch(`${app.url}/api/whoami`, { headers: credentials['JWT expired']! });
    assert.deepEqual(await expired.json(), { message: 'the token has expired' });
    assert.match(expired.headers.get('www-authenticate') ?? '', /^Bearer/);
    const anonymous = await fetch(`${app.url}/api/whoami`);
    assert.match(((await anonymous.json()) as { message: string }).message, /Authorization: Bearer/);
  });

  it('leaves /api/health open and refuses API tokens when the configuration turns them off', async (t) => {
    const idp = await startIdentityProvider(t);
    const auth = oidcAuth(idp)['auth'] as Record<string, unknown>;
    const app = await startApp(t, { auth: { ...auth, apiTokens: false } });
    const health = await fetch(`${app.url}/api/health`);
    assert.deepEqual(await health.json(), { status: 'ok', version: '9.9.9' });
    const token = app.createToken('ana', 'annotator');
    assert.equal((await fetch(`${app.url}/api/whoami`, { headers: bearer(token) })).status, 401);
    const jwt = await idp.sign({ sub: 'ana', groups: ['radiologists'] });
    assert.equal((await fetch(`${app.url}/api/whoami`, { headers: bearer(jwt) })).status, 200);
  });

  it('answers 503 when the identity provider cannot be reached', async (t) => {
    const idp = await startIdentityProvider(t);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks.json`;
    await new Promise((resolve) => closed.close(resolve));
    const auth = oidcAuth(idp)['auth'] as { oidc: Record<string, unknown> };
    const app = await startApp(t, { auth: { oidc: { ...auth.oidc, jwksUrl: deadUrl } } });
    const jwt = await idp.sign({ sub: 'ana', groups: ['radiologists'] });
    const reply = await fetch(`${app.url}/api/whoami`, { headers: bearer(jwt) });
    assert.equal(reply.status, 503);
    assert.deepEqual(await reply.json(), {
      message: 'cannot reach the identity provider to check the token',
    });
  });

  it('refuses to mount a router outside /api, where authentication would not guard it', async (t) => {
    const app = await startApp(t);
    const mount = (path: string) => () =>
      buildApp({
        config: app.config,
        store: app.store,
        logger: createLogger({ level: 'silent' }),
        version: '0',
        routers: [{ path, router: express.Router() }],
      });
    for (const path of ['/labels', '/apifoo', '/api', '/api/../x'])
      assert.throws(mount(path), RangeError, path);
    assert.doesNotThrow(mount('/api/projects/:project/labels'));
  });
});
