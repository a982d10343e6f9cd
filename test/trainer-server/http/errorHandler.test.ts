import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import { z } from 'zod';
import { validate } from '../../../trainer-server/src/http/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../trainer-server/src/store/index.js';
import { bearer, startApp } from './support.js';

/** Routes that fail the way services and the store do. */
function failingRouter(): express.Router {
  const router = express.Router();
  router.get('/missing', () => {
    throw new NotFoundError('label', 12);
  });
  router.get('/conflict', () => {
    throw new ConflictError('a training job is already running');
  });
  router.get('/forbidden', () => {
    throw new ForbiddenError('only its annotator or an admin may retract a label');
  });
  router.get('/bad-input', () => {
    throw new RangeError('annotator must be 1-128 printable characters');
  });
  router.get('/bug', async () => {
    await Promise.resolve();
    throw new Error('SQLITE_CORRUPT in /var/lib/aift/aift.sqlite');
  });
  return router;
}

const LabelQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const LabelParams = z.object({ id: z.coerce.number().int().positive() });
const LabelBody = z.object({ value: z.enum(['normal', 'abnormal']), note: z.string().max(10).optional() });

function validatedRouter(): express.Router {
  const router = express.Router();
  router.put(
    '/:id',
    validate(
      { params: LabelParams, query: LabelQuery, body: LabelBody },
      ({ params, query, body }, _req, res) => {
        // The parsed, typed values: a number id, a defaulted limit, a checked body.
        const echoed: { id: number; limit: number; value: 'normal' | 'abnormal' } = {
          id: params.id,
          limit: query.limit,
          value: body.value,
        };
        res.json(echoed);
      },
    ),
  );
  return router;
}

describe('error handler', () => {
  it('maps store errors to 404, 409, 403 and 400 with their messages', async (t) => {
    const app = await startApp(t, {}, [{ path: '/api/fail', router: failingRouter() }]);
    const headers = bearer(app.createToken('ana', 'annotator'));
    const cases: [string, number, string][] = [
      ['missing', 404, 'label 12 does not exist'],
      ['conflict', 409, 'a training job is already running'],
      ['forbidden', 403, 'only its annotator or an admin may retract a label'],
      ['bad-input', 400, 'annotator must be 1-128 printable characters'],
    ];
    for (const [path, status, message] of cases) {
      const reply = await fetch(`${app.url}/api/fail/${path}`, { headers });
      assert.equal(reply.status, status, path);
      assert.deepEqual(await reply.json(), { message }, path);
    }
  });

  it('hides the details of a 500 from the client and logs them', async (t) => {
    const app = await startApp(t, {}, [{ path: '/api/fail', router: failingRouter() }]);
    const reply = await fetch(`${app.url}/api/fail/bug`, {
      headers: bearer(app.createToken('ana', 'annotator')),
    });
    assert.equal(reply.status, 500);
    assert.deepEqual(await reply.json(), { message: 'internal server error' });
    const line = app
      .logLines()
      .find((l) => (l['res'] as { statusCode?: number } | undefined)?.statusCode === 500);
    assert.equal(line?.['level'], 50);
    assert.match(JSON.stringify(line?.['err']), /SQLITE_CORRUPT/);
    assert.equal(line?.['route'], '/api/fail/bug');
  });

  it('answers an unknown route under /api with 404 once authenticated, and 401 before', async (t) => {
    const app = await startApp(t);
    assert.equal((await fetch(`${app.url}/api/nothing`)).status, 401);
    const reply = await fetch(`${app.url}/api/nothing`, {
      headers: bearer(app.createToken('ana', 'annotator')),
    });
    assert.equal(reply.status, 404);
    assert.deepEqual(await reply.json(), { message: 'no route for GET /api/nothing' });
  });
});

describe('validate', () => {
  it('hands the handler the parsed params, query and body', async (t) => {
    const app = await startApp(t, {}, [{ path: '/api/labels', router: validatedRouter() }]);
    const reply = await fetch(`${app.url}/api/labels/7`, {
      method: 'PUT',
      headers: { ...bearer(app.createToken('ana', 'annotator')), 'Content-Type': 'application/json' },
      body: JSON.stringify({ value: 'abnormal' }),
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(await reply.json(), { id: 7, limit: 20, value: 'abnormal' });
  });

  it('answers 400 naming every bad field by its path', async (t) => {
    const app = await startApp(t, {}, [{ path: '/api/labels', router: validatedRouter() }]);
    const reply = await fetch(`${app.url}/api/labels/x?limit=500`, {
      method: 'PUT',
      headers: { ...bearer(app.createToken('ana', 'annotator')), 'Content-Type': 'application/json' },
      body: JSON.stringify({ value: 'maybe', note: 'far too long a note' }),
    });
    assert.equal(reply.status, 400);
    const body = (await reply.json()) as { message: string; issues: { path: string }[] };
    assert.deepEqual(body.issues.map((i) => i.path).sort(), [
      'body.note',
      'body.value',
      'params.id',
      'query.limit',
    ]);
    assert.match(body.message, /^invalid request: .*body\.value: /);
  });
});
