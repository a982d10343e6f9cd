// The runtime plugins (our OHIF extension and mode, built ES modules): exactly the declared files, each at
// /aift/plugins/<file name>. A lookup by name, never a path join, so no request reaches any other file.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Router } from 'express';
import { REVALIDATE } from './cacheControl.js';
import { PLUGINS_PATH } from './paths.js';

export interface PluginFiles {
  readonly router: Router;
  /** Module id -> the URL it is served at, for the import map. */
  readonly urls: Readonly<Record<string, string>>;
}

/** `plugins`: module id -> path of the built .mjs. Throws when a file is missing or two share a name. */
export function pluginFiles(plugins: Readonly<Record<string, string>>): PluginFiles {
  const filesByName = new Map<string, string>();
  const urls: Record<string, string> = {};
  for (const [id, file] of Object.entries(plugins)) {
    const path = resolve(file);
    if (!existsSync(path)) throw new Error(`plugin ${id}: ${path} does not exist (build it first)`);
    const name = basename(path);
    if (filesByName.has(name)) throw new Error(`plugin ${id}: another plugin is also named ${name}`);
    filesByName.set(name, path);
    urls[id] = `${PLUGINS_PATH}${encodeURIComponent(name)}`;
  }
  const router = Router();
  router.get('/:name', (req, res, next) => {
    const path = filesByName.get(req.params.name);
    if (path === undefined) return next();
    res.sendFile(path, { cacheControl: false, headers: { 'Cache-Control': REVALIDATE } }, (error) => {
      if (error !== undefined) next(error);
    });
  });
  router.use((_req, res) => {
    res.sendStatus(404);
  });
  return { router, urls };
}
