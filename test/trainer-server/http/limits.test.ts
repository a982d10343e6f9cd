import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import { z } from 'zod';
import { validate } from '../../../trainer-server/src/http/index.js';
import { bearer, startApp } from './support.js';

function echoRouter(): express.Router {
  const router = express.Router();
  router.post(
    '/',
    validate({ body: z.object({ text: z.string() }) }, ({ body }, _req, res) => {
      res.json({ length: body.text.length });
    }),
  );
  return router;
}

const post = (url: string, token: string, body: string): Promise<Response> =>
  fetch(`${url}/api/echo`, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body,
  });

describe('body and rate limits', () => {
  it('accepts a body within the limit and refuses a larger one with 413', async (t) => {
    const app = await startApp(t, { limits: { bodyBytes: 2048 } }, [
      { path: '/api/echo', router: echoRouter() },
    ]);
    const token = app.createToken('ana', 'annotator');
    const small = await post(app.url, token, JSON.stringify({ text: 'a'.repeat(1000) }));
    assert.equal(small.status, 200);
    assert.deepEqual(await small.json(), { length: 1000 });
    const large = await post(app.url, token, JSON.stringify({ text: 'a'.repeat(3000) }));
    assert.equal(large.status, 413);
    assert.deepEqual(await large.json(), { message: 'the request body is larger than 2048 bytes' });
  });

  it('refuses malformed JSON with 400 and does not quote the body', async (t) => {
    const app = await startApp(t, {}, [{ path: '/api/echo', router: echoRouter() }]);
    const token = app.createToken('ana', 'annotator');
    const reply = await post(app.url, token, '{"text": "DOE^JANE",,}');
    assert.equal(reply.status, 400);
    const text = await reply.text();
    assert.deepEqual(JSON.parse(text), { message: 'the request body is not valid JSON' });
    assert.ok(!app.logText().includes('DOE^JANE'));
  });

  it('answers 429 with Retry-After once a client passes its requests per minute', async (t) => {
    const app = await startApp(t, { limits: { rateLimitPerMinute: 5 } });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(`${app.url}/api/health`);
      statuses.push(last.status);
      await last.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert.ok(Number(last?.headers.get('retry-after')) > 0);
    assert.match(
      ((await (await fetch(`${app.url}/api/health`)).json()) as { message: string }).message,
      /at most 5/,
    );
  });
});
