// onnxruntime-web's ES modules and .wasm files at /aift/ort/, from its dist folder. Only those two kinds:
// the folder also holds Node builds and source maps the browser has no use for.
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { Router } from 'express';
import { REVALIDATE } from './cacheControl.js';
import { ORT_MODULE_FILE } from './ortDist.js';
import { ORT_PATH } from './paths.js';

const SERVED_EXTENSIONS = new Set(['.mjs', '.wasm']);

export interface OrtFiles {
  readonly router: Router;
  /** The URL of the ES module that `onnxruntime-web` maps to. */
  readonly moduleUrl: string;
}

export function ortFiles(ortDir: string): OrtFiles {
  if (!existsSync(join(ortDir, ORT_MODULE_FILE))) {
    throw new Error(`${ortDir} has no ${ORT_MODULE_FILE}: is it onnxruntime-web's dist folder?`);
  }
  const router = Router();
  router.use((req, res, next) => {
    if (SERVED_EXTENSIONS.has(extname(req.path))) return next();
    res.sendStatus(404);
  });
  router.use(
    express.static(ortDir, {
      index: false,
      redirect: false,
      fallthrough: false,
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', REVALIDATE),
    }),
  );
  return { router, moduleUrl: `${ORT_PATH}${ORT_MODULE_FILE}` };
}
