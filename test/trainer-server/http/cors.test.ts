import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearer, startApp } from './support.js';

const VIEWER = 'https://viewer.hospital.example';
const corsHeaders = (reply: Response): string[] =>
  [...reply.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('CORS allow-list', () => {
  it('names an allowed origin, never a wildcard, and allows no credentials', async (t) => {
    const app = await startApp(t, { cors: { allowedOrigins: [VIEWER] } });
    const token = app.createToken('ana', 'annotator');
    const reply = await fetch(`${app.url}/api/whoami`, { headers: { Origin: VIEWER, ...bearer(token) } });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('access-control-allow-origin'), VIEWER);
    assert.equal(reply.headers.get('access-control-allow-credentials'), null);
    assert.match(reply.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
    assert.match(reply.headers.get('vary') ?? '', /Origin/);
  });

  it('sends no CORS header at all to another origin', async (t) => {
    const app = await startApp(t, { cors: { allowedOrigins: [VIEWER] } });
    const token = app.createToken('ana', 'annotator');
    for (const origin of ['https://evil.example', `${VIEWER}.evil.example`, 'null']) {
      const reply = await fetch(`${app.url}/api/whoami`, { headers: { Origin: origin, ...bearer(token) } });
      assert.deepEqual(corsHeaders(reply), [], origin);
    }
  });

  it('answers an allowed preflight with 204 and the methods and headers, without authentication', async (t) => {
    const app = await startApp(t, { cors: { allowedOrigins: [VIEWER] } });
    const reply = await fetch(`${app.url}/api/labels`, {
      method: 'OPTIONS',
      headers: {
        Origin: VIEWER,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    assert.equal(reply.status, 204);
    assert.equal(reply.headers.get('access-control-allow-origin'), VIEWER);
    assert.match(reply.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(reply.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(reply.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
    assert.equal(reply.headers.get('access-control-max-age'), '600');
  });

  it('refuses a preflight from another origin with no CORS header', async (t) => {
    const app = await startApp(t, { cors: { allowedOrigins: [VIEWER] } });
    const reply = await fetch(`${app.url}/api/labels`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(reply.status, 403);
    assert.deepEqual(corsHeaders(reply), []);
  });
});
