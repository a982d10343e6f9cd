// A page for the browser tests: one origin that serves a script bundled from a test entry, onnxruntime-web's
// files at /aift/ort/, and proxies /api to the trainer server and /dicom-web to Orthanc, as the viewer's
// deployment does (same origin: no CORS, and the trainer can move to another port on restart).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Project } from './support.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** onnxruntime-web's dist folder, where every entry point and its .wasm files lie. */
const ORT_DIST = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));

export interface PageSite {
  readonly origin: string;
  stop(): Promise<void>;
}

/** Bundles `entry` (a file next to this one) as browser ESM. */
export async function bundle(entry: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aift-page-'));
  try {
    const outfile = join(dir, 'page.js');
    await build({
      entryPoints: [join(HERE, entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outfile,
      logLevel: 'silent',
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPageSite(project: Project, script: string): Promise<PageSite> {
  const app = express();
  app.use(
    createProxyMiddleware({
      pathFilter: '/api',
      // Read on every request: the trainer gets a new port when the test restarts it.
      router: () => project.server.url,
      target: project.server.url,
      changeOrigin: true,
    }),
  );
  app.use(
    createProxyMiddleware({
      pathFilter: '/dicom-web',
      target: new URL(project.orthanc.dicomWebRoot).origin,
      changeOrigin: true,
    }),
  );
  app.use('/aift/ort', express.static(ORT_DIST));
  app.get('/page.js', (_req, res) => void res.type('text/javascript').send(script));
  app.get(
    '/',
    (_req, res) =>
      void res.type('html').send('<!doctype html><script type="module" src="/page.js"></script>'),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
