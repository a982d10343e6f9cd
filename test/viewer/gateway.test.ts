// The gateway's routing over real HTTP: a real Orthanc behind /dicom-web, a stand-in trainer app behind /api
// (in process, and as a separate server behind the proxy), plugin files and a small OHIF-shaped dist made here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import {
  createViewerGateway,
  CROSS_ORIGIN_ISOLATION_HEADERS,
  defaultOrtDir,
  ORT_MODULE_FILE,
  startViewerGateway,
} from '../../viewer/src/index.js';
import type { RunningViewerGateway, ViewerGatewayOptions } from '../../viewer/src/index.js';
import { startOrthanc, uploadPart10 } from '../support/orthanc.js';
import type { RunningOrthanc } from '../support/orthanc.js';
import { makePart10, TRANSFER_SYNTAX } from '../trainer-server/imaging/syntheticDicom.js';
import { SERIES_UID, STUDY, standInTrainer, studyFiles } from './support.js';

const EXTENSION_ID = '@aift/ohif-extension';
const MODE_ID = '@aift/ohif-mode';
const HASHED_BUNDLE = 'app.bundle.0123456789abcdef.js';
const INDEX_HTML =
  '<!doctype html><html lang="en"><head><meta charset="UTF-8"><script>window.PUBLIC_URL="/"</script>' +
  '<script src="/app-config.js"></script><script type="module" src="/init-service-worker.js"></script>' +
  `<script defer src="/${HASHED_BUNDLE}"></script></head><body><div id="root"></div></body></html>`;

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One HTTP request with the path sent exactly as given (fetch would normalise `..` and `%2e%2e`). */
function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = request(
      { hostname, port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The body with the multipart boundary (random per response) replaced, for byte comparison. */
function withoutBoundary(response: RawResponse): string {
  const boundary = /boundary=("?)([^";]+)\1/.exec(response.headers['content-type'] ?? '')?.[2];
  assert.ok(boundary, `no multipart boundary in ${response.headers['content-type']}`);
  return response.body.toString('latin1').split(boundary).join('BOUNDARY');
}

function assertIsolated(response: RawResponse, what: string): void {
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) {
    assert.equal(response.headers[name.toLowerCase()], value, `${name} on ${what}`);
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe('viewer gateway', () => {
  const files = studyFiles();
  const trainer = standInTrainer();
  const trainerServer = createServer(trainer.app);
  let dir: string;
  let orthanc: RunningOrthanc;
  let options: ViewerGatewayOptions;
  /** The trainer app mounted in process. */
  let gateway: RunningViewerGateway;
  /** The same trainer app on its own server, proxied. */
  let proxyingGateway: RunningViewerGateway;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aift-viewer-'));
    const ohifDir = join(dir, 'ohif');
    mkdirSync(join(ohifDir, 'assets'), { recursive: true });
    writeFileSync(join(ohifDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(ohifDir, 'app-config.js'), 'window.config = { fromTheDist: true };');
    writeFileSync(join(ohifDir, HASHED_BUNDLE), 'console.log("app");');
    writeFileSync(join(ohifDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const pluginDir = join(dir, 'plugins');
    mkdirSync(pluginDir);
    writeFileSync(join(pluginDir, 'aift-extension.mjs'), `export default { id: '${EXTENSION_ID}' };`);
    writeFileSync(join(pluginDir, 'aift-mode.mjs'), `export default { id: '${MODE_ID}' };`);
    writeFileSync(join(pluginDir, 'secret.txt'), 'not a plugin');

    orthanc = await startOrthanc();
    await uploadPart10(orthanc, [...files.values()]);
    options = {
      ohifDir,
      plugins: {
        [EXTENSION_ID]: join(pluginDir, 'aift-extension.mjs'),
        [MODE_ID]: join(pluginDir, 'aift-mode.mjs'),
      },
      extensions: [EXTENSION_ID],
      modes: [MODE_ID],
      dicomWeb: { target: orthanc.dicomWebRoot },
      trainer: { app: trainer.app, requireUser: trainer.requireUser },
      aift: { trainerUrl: '/api' },
    };
    gateway = await startViewerGateway(options);
    proxyingGateway = await startViewerGateway({ ...options, trainer: { url: await listen(trainerServer) } });
  });

  after(async () => {
    trainer.releaseEvents();
    await gateway?.close();
    await proxyingGateway?.close();
    trainerServer.closeAllConnections();
    await new Promise((resolve) => trainerServer.close(resolve));
    await orthanc?.stop();
    trainer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('DICOMweb at /dicom-web', () => {
    const signedIn = { Authorization: `Bearer ${trainer.readerToken}` };

    for (const [name, url] of [
      ['trainer in process', () => gateway.url],
      ['trainer on its own server', () => proxyingGateway.url],
    ] as const) {
      it(`admits only the trainer's signed-in users, by the trainer's own check (${name})`, async () => {
        const path = `/dicom-web/studies?PatientID=${STUDY.PatientID}`;
        for (const headers of [{}, { Authorization: 'Bearer not-a-token-anyone-was-given' }]) {
          const refused = await send(url(), path, { headers });
          assert.equal(refused.status, 401, JSON.stringify(headers));
          assert.equal(refused.headers['www-authenticate'], 'Bearer');
          const { message } = JSON.parse(refused.body.toString()) as { message: string };
          assert.match(message, /token|authentication/);
          assert.doesNotMatch(
            refused.body.toString(),
            new RegExp(STUDY.StudyInstanceUID.replace(/\./g, '\\.')),
          );
          assertIsolated(refused, 'a refused DICOMweb request');
        }
        const upload = await send(url(), '/dicom-web/studies', {
          method: 'POST',
          headers: { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x' },
          body: Buffer.from('--x--\r\n'),
        });
        assert.equal(upload.status, 401, 'STOW-RS without sign-in');
        const admitted = await send(url(), path, { headers: signedIn });
        assert.equal(admitted.status, 200);
        assert.match(admitted.body.toString(), new RegExp(STUDY.StudyInstanceUID.replace(/\./g, '\\.')));
      });
    }

    it('answers QIDO-RS with the bytes the PACS sends', async () => {
      const path = `/studies?PatientID=${STUDY.PatientID}&includefield=StudyDescription`;
      const direct = await send(orthanc.url, `/dicom-web${path}`);
      const proxied = await send(gateway.url, `/dicom-web${path}`, { headers: signedIn });
      assert.equal(direct.status, 200);
      assert.equal(proxied.status, 200);
      assert.equal(proxied.headers['content-type'], direct.headers['content-type']);
      assert.deepEqual(proxied.body, direct.body);
      assert.match(proxied.body.toString(), new RegExp(STUDY.StudyInstanceUID.replace(/\./g, '\\.')));
      assertIsolated(proxied, 'a QIDO-RS response');
    });

    it('asks the PACS for comma-listed include fields one by one (Orthanc reads only that form)', async () => {
      const proxied = await send(
        gateway.url,
        `/dicom-web/studies?PatientID=${STUDY.PatientID}&includefield=00081030%2C00080060`,
        { headers: signedIn },
      );
      const [study] = JSON.parse(proxied.body.toString()) as Record<string, { Value?: unknown[] }>[];
      assert.deepEqual(study?.['00081030']?.Value, [STUDY.StudyDescription]);
    });

    it('streams WADO-RS multipart instances unchanged', async () => {
      const [sopInstanceUid, part10] = [...files][0]!;
      const path = `/dicom-web/studies/${STUDY.StudyInstanceUID}/series/${SERIES_UID}/instances/${sopInstanceUid}`;
      const headers = { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' };
      const direct = await send(orthanc.url, path, { headers });
      const proxied = await send(gateway.url, path, { headers: { ...headers, ...signedIn } });
      assert.equal(proxied.status, 200);
      assert.match(proxied.headers['content-type'] ?? '', /^multipart\/related/);
      assert.equal(withoutBoundary(proxied), withoutBoundary(direct));
      assert.ok(proxied.body.includes(Buffer.from(part10)), 'the uploaded Part-10 file is in the response');
    });

    it('passes a STOW-RS upload through', async () => {
      const sopInstanceUid = '2.25.6062.1.1';
      const part10 = makePart10(
        TRANSFER_SYNTAX.explicitLittle,
        {
          ...STUDY,
          StudyInstanceUID: '2.25.6062',
          SeriesInstanceUID: '2.25.6062.1',
          SOPInstanceUID: sopInstanceUid,
          SamplesPerPixel: 1,
          PhotometricInterpretation: 'MONOCHROME2',
          BitsAllocated: 8,
          BitsStored: 8,
          HighBit: 7,
          PixelRepresentation: 0,
          Rows: 2,
          Columns: 2,
        },
        new Uint8Array([0, 64, 128, 255]),
        'OB',
      );
      const boundary = 'aift-stow-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
        part10,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const stored = await send(gateway.url, '/dicom-web/studies', {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          Accept: 'application/dicom+json',
          ...signedIn,
        },
        body,
      });
      assert.equal(stored.status, 200, stored.body.toString());
      const found = await send(orthanc.url, `/dicom-web/instances?SOPInstanceUID=${sopInstanceUid}`);
      assert.match(found.body.toString(), new RegExp(sopInstanceUid.replace(/\./g, '\\.')));
    });

    it("reuses a remote trainer's yes (30 s); while it is down, anyone it has not admitted gets 502", async () => {
      const remote = standInTrainer();
      const remoteServer = createServer(remote.app);
      const local = await startViewerGateway({ ...options, trainer: { url: await listen(remoteServer) } });
      try {
        const path = `/dicom-web/studies?PatientID=${STUDY.PatientID}`;
        const reader = { Authorization: `Bearer ${remote.readerToken}` };
        assert.equal((await send(local.url, path, { headers: reader })).status, 200);
        remoteServer.closeAllConnections();
        await new Promise((resolve) => remoteServer.close(resolve));
        assert.equal((await send(local.url, path, { headers: reader })).status, 200, 'the admitted reader');
        const stranger = await send(local.url, path, { headers: { Authorization: 'Bearer never-admitted' } });
        assert.equal(stranger.status, 502);
        assert.match(stranger.body.toString(), /could not be reached/);
        assert.equal((await send(local.url, path)).status, 502, 'no credentials');
      } finally {
        await local.close();
        remote.close();
      }
    });
  });

  describe('the trainer API at /api', () => {
    for (const [name, url] of [
      ['mounted in process', () => gateway.url],
      ['proxied to its own server', () => proxyingGateway.url],
    ] as const) {
      it(`reaches the trainer's routes with the /api prefix kept (${name})`, async () => {
        const health = await send(url(), '/api/health');
        assert.equal(health.status, 200);
        assert.deepEqual(JSON.parse(health.body.toString()), { status: 'ok', path: '/api/health' });
        assertIsolated(health, 'a trainer response');
        const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
        const echo = await send(url(), '/api/echo', {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream' },
          body,
        });
        assert.deepEqual(echo.body, body);
        const outside = await send(url(), '/apix');
        assert.doesNotMatch(outside.body.toString(), /stand-in trainer/);
      });

      it(`streams /api/events: the first event arrives while the stream is open (${name})`, async () => {
        const { hostname, port } = new URL(url());
        const req = request({
          hostname,
          port,
          path: '/api/events',
          headers: { Accept: 'text/event-stream' },
        });
        try {
          const res = await new Promise<IncomingMessage>((resolve, reject) => {
            req.on('response', resolve).on('error', reject).end();
          });
          assert.equal(res.headers['content-type'], 'text/event-stream');
          assert.equal(res.headers['content-encoding'], undefined);
          assertIsolated(
            { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) },
            'an event stream',
          );
          let ended = false;
          const text: string[] = [];
          const end = new Promise<void>((resolve) =>
            res.on('end', () => {
              ended = true;
              resolve();
            }),
          );
          res.setEncoding('utf8');
          const first = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error('no event within 5 s: the stream is buffered')),
              5000,
            );
            res.once('data', (chunk: string) => {
              clearTimeout(timer);
              resolve(chunk);
            });
          });
          assert.match(first, /event: first/);
          assert.equal(ended, false, 'the first event came before the stream ended');
          res.on('data', (chunk: string) => text.push(chunk));
          trainer.releaseEvents();
          await end;
          assert.match(text.join(''), /event: second/);
        } finally {
          req.destroy();
        }
      });
    }
  });

  describe('plugins at /aift/plugins and onnxruntime-web at /aift/ort', () => {
    it('serves each declared plugin file as JavaScript, revalidated on reload', async () => {
      const extension = await send(gateway.url, '/aift/plugins/aift-extension.mjs');
      assert.equal(extension.status, 200);
      assert.match(extension.headers['content-type'] ?? '', /^text\/javascript/);
      assert.equal(extension.headers['cache-control'], 'no-cache');
      assert.match(extension.body.toString(), new RegExp(EXTENSION_ID));
      assertIsolated(extension, 'a plugin');
      assert.equal((await send(gateway.url, '/aift/plugins/aift-mode.mjs')).status, 200);
    });

    it('serves nothing else from or near the plugins folder', async () => {
      for (const path of [
        '/aift/plugins/secret.txt',
        '/aift/plugins/',
        '/aift/plugins',
        '/aift/plugins/..%2fsecret.txt',
        '/aift/plugins/%2e%2e/%2e%2e/package.json',
        '/aift/plugins/../plugins/secret.txt',
        '/aift/plugins/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      ]) {
        const response = await send(gateway.url, path);
        assert.equal(response.status, 404, path);
        assert.doesNotMatch(response.body.toString(), /not a plugin|root:/, path);
        assertIsolated(response, `404 for ${path}`);
      }
    });

    it("serves onnxruntime-web's ES module and WASM with their types, and not its other files", async () => {
      const module = await send(gateway.url, `/aift/ort/${ORT_MODULE_FILE}`, { method: 'HEAD' });
      assert.equal(module.status, 200);
      assert.match(module.headers['content-type'] ?? '', /^text\/javascript/);
      assertIsolated(module, 'the ort module');
      const wasm = await send(gateway.url, '/aift/ort/ort-wasm-simd-threaded.asyncify.wasm', {
        method: 'HEAD',
      });
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers['content-type'], 'application/wasm');
      assertIsolated(wasm, 'an ort .wasm');
      for (const path of [
        '/aift/ort/ort.node.min.js',
        '/aift/ort/ort.min.js.map',
        '/aift/ort/../package.json',
        '/aift/ort/',
      ]) {
        assert.equal((await send(gateway.url, path)).status, 404, path);
      }
    });
  });

  describe('the OHIF app', () => {
    /** The import map of a page, as the browser reads it. */
    function importMapOf(html: string): Record<string, string> {
      const json = /<script type="importmap">(.*?)<\/script>/s.exec(html)?.[1];
      assert.ok(json, 'the page has an import map');
      return (JSON.parse(json) as { imports: Record<string, string> }).imports;
    }

    it('serves index.html with an import map whose URLs all answer', async () => {
      for (const path of ['/', '/index.html']) {
        const page = await send(gateway.url, path);
        assert.equal(page.status, 200);
        assert.match(page.headers['content-type'] ?? '', /^text\/html/);
        assert.equal(page.headers['cache-control'], 'no-cache');
        assertIsolated(page, path);
        const imports = importMapOf(page.body.toString());
        assert.deepEqual(Object.keys(imports).sort(), [EXTENSION_ID, MODE_ID, 'onnxruntime-web'].sort());
        assert.equal(imports['onnxruntime-web'], `/aift/ort/${ORT_MODULE_FILE}`);
        for (const url of Object.values(imports)) {
          const response = await send(gateway.url, url, { method: 'HEAD' });
          assert.equal(response.status, 200, url);
          assert.match(response.headers['content-type'] ?? '', /^text\/javascript/, url);
        }
      }
    });

    it("generates app-config.js instead of serving the dist's", async () => {
      const response = await send(gateway.url, '/app-config.js');
      assert.equal(response.status, 200);
      assert.match(response.headers['content-type'] ?? '', /^text\/javascript/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assertIsolated(response, 'app-config.js');
      const window: {
        config?: { fromTheDist?: boolean; extensions?: string[]; modes?: string[]; aift?: object };
      } = {};
      runInNewContext(response.body.toString(), { window });
      assert.equal(window.config?.fromTheDist, undefined);
      assert.deepEqual([...(window.config?.extensions ?? [])], [EXTENSION_ID]);
      assert.deepEqual([...(window.config?.modes ?? [])], [MODE_ID]);
      assert.equal(JSON.stringify(window.config?.aift), JSON.stringify({ trainerUrl: '/api' }));
    });

    it('serves dist files, content-hashed bundles cached for good', async () => {
      const bundle = await send(gateway.url, `/${HASHED_BUNDLE}`);
      assert.equal(bundle.status, 200);
      assert.equal(bundle.headers['cache-control'], 'public, max-age=31536000, immutable');
      assertIsolated(bundle, 'a bundle');
      const logo = await send(gateway.url, '/assets/logo.svg');
      assert.equal(logo.status, 200);
      assert.equal(logo.headers['cache-control'], 'no-cache');
      assertIsolated(logo, 'an asset');
    });

    it('answers /init-service-worker.js with an empty module when the dist has none', async () => {
      const response = await send(gateway.url, '/init-service-worker.js');
      assert.equal(response.status, 200);
      assert.match(response.headers['content-type'] ?? '', /^text\/javascript/);
      assert.equal(response.body.length, 0);
    });

    it("answers OHIF's client-side routes with the app, and missing files with 404", async () => {
      for (const path of [
        '/aift',
        '/viewer?StudyInstanceUIDs=2.25.6061',
        '/local',
        '/viewer/pacs',
        '/aift/',
      ]) {
        const page = await send(gateway.url, path);
        assert.equal(page.status, 200, path);
        assert.match(page.headers['content-type'] ?? '', /^text\/html/, path);
        assert.ok(importMapOf(page.body.toString())[EXTENSION_ID], path);
        assertIsolated(page, path);
      }
      for (const path of ['/assets/missing.png', '/missing.bundle.js']) {
        const response = await send(gateway.url, path);
        assert.equal(response.status, 404, path);
        assertIsolated(response, `404 for ${path}`);
      }
      assert.equal((await send(gateway.url, '/viewer', { method: 'POST' })).status, 404);
    });
  });

  describe('configuration errors', () => {
    it('refuses a missing plugin file, an unserved extension id and a folder without onnxruntime-web', () => {
      assert.throws(
        () => createViewerGateway({ ...options, plugins: { [EXTENSION_ID]: join(dir, 'missing.mjs') } }),
        /does not exist/,
      );
      assert.throws(
        () => createViewerGateway({ ...options, extensions: ['@other/extension'] }),
        /not in plugins/,
      );
      assert.throws(
        () => createViewerGateway({ ...options, ortDir: dir }),
        new RegExp(ORT_MODULE_FILE.replace(/\./g, '\\.')),
      );
      assert.ok(createViewerGateway({ ...options, ortDir: defaultOrtDir() }));
    });
  });
});
