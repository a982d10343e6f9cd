// The OHIF viewer itself: the dist's files, with index.html (plus the import map) and app-config.js
// generated for this server, and the single-page app's client-side routes answered with index.html.
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import express, { Router } from 'express';
import type { Response } from 'express';
import { IMMUTABLE, REVALIDATE } from './cacheControl.js';
import { injectImportMap } from './indexHtml.js';
import type { ImportMap } from './indexHtml.js';

export interface OhifAppOptions {
  /** The extracted dist (ensureOhifDist). */
  readonly ohifDir: string;
  readonly importMap: ImportMap;
  /** The text of app-config.js (buildAppConfig). */
  readonly appConfig: string;
}

/** Bundles and assets whose name holds a content hash: `app.bundle.0f6159c501addfe9.js`, `34b1e6b1deb5828e.wasm`. */
const HASHED_NAME = /(?:^|\.)[0-9a-f]{16}\.[a-z0-9]+$/;

export function ohifApp({ ohifDir, importMap, appConfig }: OhifAppOptions): Router {
  const indexHtml = injectImportMap(readFileSync(join(ohifDir, 'index.html'), 'utf8'), importMap);
  const sendIndex = (res: Response) => res.type('html').set('Cache-Control', REVALIDATE).send(indexHtml);

  const router = Router();
  router.get(['/', '/index.html'], (_req, res) => sendIndex(res));
  router.get('/app-config.js', (_req, res) => {
    res.type('js').set('Cache-Control', REVALIDATE).send(appConfig);
  });
  router.use(
    express.static(ohifDir, {
      index: false,
      redirect: false,
      cacheControl: false,
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', HASHED_NAME.test(basename(path)) ? IMMUTABLE : REVALIDATE),
    }),
  );
  // index.html loads it as a module; a dist without one gets an empty module instead of a 404.
  router.get('/init-service-worker.js', (_req, res) => {
    res.type('js').set('Cache-Control', REVALIDATE).send('');
  });
  // OHIF's routes (/viewer, /aift, /local, ...) are client-side: any other extension-less path is the app.
  router.get(/.*/, (req, res, next) => (extname(req.path) === '' ? sendIndex(res) : next()));
  return router;
}
