import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import { z } from 'zod';
import { createLogger, validate } from '../../../trainer-server/src/http/index.js';
import { bearer, startApp } from './support.js';

const STUDY_UID = '1.2.826.0.1.3680043.8.498.12345';

function studyRouter(): express.Router {
  const router = express.Router();
  router.post(
    '/:studyUid/notes',
    validate(
      { params: z.object({ studyUid: z.string() }), body: z.object({ note: z.string() }) },
      (_input, _req, res) => {
        res.status(201).json({ stored: true });
      },
    ),
  );
  return router;
}

describe('request log', () => {
  it('logs method, route pattern, status, latency, actor and request id, and nothing the client sent', async (t) => {
    const app = await startApp(t, {}, [{ path: '/api/studies', router: studyRouter() }]);
    const token = app.createToken('ana', 'annotator');
    const reply = await fetch(`${app.url}/api/studies/${STUDY_UID}/notes?PatientName=DOE^JANE`, {
      method: 'POST',
      headers: {
        ...bearer(token),
        'Content-Type': 'application/json',
        Cookie: 'session=c00kie',
        'X-Request-Id': 'req-1',
      },
      body: JSON.stringify({ note: 'PATIENT-ID-998877' }),
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.headers.get('x-request-id'), 'req-1');

    const lines = app.logLines();
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    assert.deepEqual(line['req'], { id: 'req-1', method: 'POST' });
    assert.deepEqual(line['res'], { statusCode: 201 });
    assert.equal(line['route'], '/api/studies/:studyUid/notes');
    assert.equal(line['actor'], 'ana');
    assert.equal(typeof line['responseTime'], 'number');
    assert.equal(line['msg'], 'POST /api/studies/:studyUid/notes 201');

    const text = app.logText();
    for (const secret of [token, STUDY_UID, 'DOE^JANE', 'PatientName', 'PATIENT-ID-998877', 'c00kie']) {
      assert.ok(!text.includes(secret), `the log holds no ${secret}`);
    }
  });

  it('makes its own request id when the client sends none or a strange one', async (t) => {
    const app = await startApp(t);
    const plain = await fetch(`${app.url}/api/health`);
    const odd = await fetch(`${app.url}/api/health`, { headers: { 'X-Request-Id': 'a b\u00e9' } });
    for (const reply of [plain, odd]) {
      assert.match(reply.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    }
    assert.deepEqual(
      app.logLines().map((l) => [l['route'], l['actor']]),
      [
        ['/api/health', null],
        ['/api/health', null],
      ],
    );
  });
});

describe('createLogger', () => {
  it('blanks authorization and cookie headers should anything log them whole', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    logger.info({ req: { headers: { authorization: 'Bearer s3cret', cookie: 'sid=c00kie' } } }, 'oops');
    logger.info({ headers: { authorization: 'Basic s3cret' } }, 'oops');
    const text = lines.join('');
    assert.ok(!text.includes('s3cret') && !text.includes('c00kie'));
    assert.equal(text.match(/\[redacted\]/g)?.length, 3);
  });
});
