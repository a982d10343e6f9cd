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
import type { Page } from 'playwright-core';
import { startChromium } from '../../support/chromium.js';
import { labelDiscs, startProject, trainAndWait } from './support.js';
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

/** A trained project with the services page (servicesPage.ts) open in Chromium, started as alice. */
export interface ServicesSession {
  readonly project: Project;
  readonly page: Page;
  stop(): Promise<void>;
}

/**
 * A project whose admin labeled discs 0 to `trainedDiscs` - 1 and trained v0001 on them, the services page
 * served for it, open in Chromium (page errors printed) and started with alice's token.
 */
export async function openServicesSession(trainedDiscs: number): Promise<ServicesSession> {
  const project = await startProject();
  const stops: (() => Promise<void>)[] = [() => project.stop()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    await labelDiscs(project, project.admin, 0, trainedDiscs);
    await trainAndWait(project);
    const site = await startPageSite(project, await bundle('servicesPage.ts'));
    stops.push(() => site.stop());
    const chromium = await startChromium();
    stops.push(() => chromium.close());
    const page = await chromium.context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => 'aift' in globalThis);
    await page.evaluate((token) => (globalThis as unknown as AiftGlobal).aift.start(token), project.alice);
    return { project, page, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface AiftGlobal {
  readonly aift: { start(token: string): Promise<void> };
}
