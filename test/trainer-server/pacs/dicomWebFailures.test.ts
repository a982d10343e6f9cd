import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { DicomWebImageSource } from '../../../trainer-server/src/pacs/DicomWebImageSource.js';
import {
  PacsHttpError,
  PacsResponseError,
  PacsTimeoutError,
  PacsUnreachableError,
} from '../../../trainer-server/src/pacs/pacsErrors.js';
import { makePart10, TRANSFER_SYNTAX } from '../imaging/syntheticDicom.js';
import { GREY8 } from './syntheticStudies.js';

/** A local HTTP server that answers every request with `handle`, for the failures Orthanc cannot show. */
async function fakePacs(handle: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`, server };
}

function reply(response: ServerResponse, status: number, type: string, body: Buffer): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length });
  response.end(body);
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('DicomWebImageSource failures that Orthanc does not produce', () => {
  const frame = {
    studyInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.1.1',
    sopInstanceUid: '2.25.1.1.1',
    frame: 1,
  };

  it('a multipart answer cut before its closing boundary is a PacsResponseError', async () => {
    const boundary = 'cut-here';
    const part = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      Buffer.from(
        makePart10(
          TRANSFER_SYNTAX.explicitLittle,
          { ...GREY8, Rows: 1, Columns: 1 },
          new Uint8Array([7]),
          'OB',
        ),
      ).subarray(0, 100),
    ]);
    const { url, server } = await fakePacs((_, response) =>
      reply(response, 200, `multipart/related; type="application/dicom"; boundary=${boundary}`, part),
    );
    try {
      await assert.rejects(new DicomWebImageSource({ url }).fetchFrame(frame), (error: unknown) => {
        assert.ok(error instanceof PacsResponseError, String(error));
        assert.match(error.message, /truncated multipart/);
        return true;
      });
    } finally {
      await closeServer(server);
    }
  });

  it('a body that is not multipart despite its Content-Type is a PacsResponseError, not a crash', async () => {
    const { url, server } = await fakePacs((_, response) =>
      reply(
        response,
        200,
        'multipart/related; type="application/dicom"; boundary=x',
        Buffer.from('not multipart'),
      ),
    );
    try {
      await assert.rejects(new DicomWebImageSource({ url }).fetchFrame(frame), (error: unknown) => {
        assert.ok(error instanceof PacsResponseError, String(error));
        assert.match(error.message, /no multipart mime header/);
        return true;
      });
    } finally {
      await closeServer(server);
    }
  });

  it('a connection closed in the middle of the body is a PacsResponseError', async () => {
    const { url, server } = await fakePacs((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/dicom+json', 'Content-Length': 1000 });
      response.write('[{"0020000D": {"vr": "UI", "Val', () => response.destroy());
    });
    try {
      await assert.rejects(new DicomWebImageSource({ url }).listCandidates(), (error: unknown) => {
        assert.ok(error instanceof PacsResponseError, String(error));
        assert.match(error.message, /connection closed before the end of the body/);
        return true;
      });
    } finally {
      await closeServer(server);
    }
  });

  it('a connection dropped before any answer is tried again, up to three times in all', async () => {
    let requests = 0;
    // The first two connections are reset without a status line, as a reused keep-alive connection the
    // PACS has just closed is; the third answers.
    const { url, server } = await fakePacs((request, response) => {
      requests++;
      if (requests <= 2) request.socket.destroy();
      else reply(response, 200, 'application/dicom+json', Buffer.from('[]'));
    });
    try {
      assert.deepEqual(await new DicomWebImageSource({ url }).listCandidates(), []);
      assert.equal(requests, 3);
      requests = -10; // from now on every connection is reset
      await assert.rejects(new DicomWebImageSource({ url }).listCandidates(), (error: unknown) => {
        assert.ok(error instanceof PacsUnreachableError, String(error));
        return true;
      });
      assert.equal(requests, -7, 'three tries, then the error');
    } finally {
      await closeServer(server);
    }
  });

  it('an answer, even a 503, is final: it is not tried again', async () => {
    let requests = 0;
    const { url, server } = await fakePacs((_, response) => {
      requests++;
      reply(response, 503, 'text/plain', Buffer.from('busy'));
    });
    try {
      await assert.rejects(new DicomWebImageSource({ url }).listCandidates(), PacsHttpError);
      assert.equal(requests, 1);
    } finally {
      await closeServer(server);
    }
  });

  it('a PACS that does not answer in time is a PacsTimeoutError', async () => {
    const { url, server } = await fakePacs(() => undefined);
    try {
      const started = Date.now();
      await assert.rejects(
        new DicomWebImageSource({ url, timeoutMs: 200 }).listCandidates(),
        PacsTimeoutError,
      );
      assert.ok(Date.now() - started < 2_000);
    } finally {
      await closeServer(server);
    }
  });

  it('sends the configured credentials and keeps them out of error messages', async () => {
    const seen: (string | undefined)[] = [];
    const { url, server } = await fakePacs((request, response) => {
      seen.push(request.headers.authorization);
      reply(response, 401, 'text/plain', Buffer.from('no'));
    });
    try {
      const bearer = new DicomWebImageSource({ url, auth: { kind: 'bearer', token: 's3cret-token' } });
      await assert.rejects(bearer.listCandidates(), (error: unknown) => {
        assert.ok(error instanceof PacsHttpError && error.status === 401, String(error));
        assert.ok(!error.message.includes('s3cret'));
        return true;
      });
      const basic = new DicomWebImageSource({
        url,
        auth: { kind: 'basic', username: 'ris', password: 'pw' },
      });
      await assert.rejects(basic.fetchFrame(frame), PacsHttpError);
      assert.deepEqual(seen, ['Bearer s3cret-token', `Basic ${Buffer.from('ris:pw').toString('base64')}`]);
    } finally {
      await closeServer(server);
    }
  });

  it('rejects a bad configuration naming the field', () => {
    assert.throws(
      () => new DicomWebImageSource({ url: 'ftp://pacs/dicom-web' }),
      /qidoUrl must be http or https/,
    );
    assert.throws(
      () => new DicomWebImageSource({ url: 'http://u:p@pacs/dicom-web' }),
      /must not carry credentials/,
    );
    assert.throws(() => new DicomWebImageSource({ url: 'http://pacs', timeoutMs: 0 }), /timeoutMs/);
  });
});
