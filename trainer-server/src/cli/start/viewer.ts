// The viewer half of `npm start`: the prebuilt OHIF viewer with our extension and mode, the PACS's DICOMweb
// (for signed-in readers only) and the trainer API on one origin (@aift/viewer's gateway). The page carries
// no credential: each reader signs in in the viewer with their own token.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_OHIF_CACHE_DIR, ensureOhifDist, startViewerGateway } from '@aift/viewer';
import type { RunningViewerGateway } from '@aift/viewer';
import type { TrainerServer } from '../../server.js';

const require = createRequire(import.meta.url);

/** The plugin packages: each one's module id is its package name, its file the package's `main`. */
export const PLUGIN_PACKAGES = { extension: '@aift/ohif-extension', mode: '@aift/ohif-mode' } as const;
/** The mode's route (mode/src/index.ts routeName). */
export const MODE_ROUTE = 'aift';
/** The extension's START_CASE_PARAM (extension/src/id.ts): `=top` opens the reader's top worklist case. */
export const START_CASE_PARAM = 'aiftCase';

export interface ViewerOptions {
  readonly trainer: TrainerServer;
  readonly dicomWebRoot: string;
  readonly dicomWebHeaders?: Readonly<Record<string, string>>;
  readonly host: string;
  readonly port: number;
  readonly log: (line: string) => void;
}

/** Fetches the OHIF dist on first use (pinned, verified), then serves everything on `host:port`. */
export async function startViewer(options: ViewerOptions): Promise<RunningViewerGateway> {
  const ohifDir = await ensureOhifDist(DEFAULT_OHIF_CACHE_DIR, { log: options.log });
  return startViewerGateway({
    host: options.host,
    port: options.port,
    ohifDir,
    ...aiftPlugins(),
    dicomWeb: {
      target: options.dicomWebRoot,
      ...(options.dicomWebHeaders && { headers: { ...options.dicomWebHeaders } }),
    },
    trainer: { app: options.trainer.app, requireUser: options.trainer.requireUser },
    aift: { trainerUrl: '/api' },
  });
}

/** The gateway's plugin options: our extension and mode, by module id, from their built files. */
export function aiftPlugins() {
  const { extension, mode } = PLUGIN_PACKAGES;
  return {
    plugins: { [extension]: pluginFile(extension), [mode]: pluginFile(mode) },
    extensions: [extension],
    modes: [mode],
  };
}

/** A plugin package's built ES module; a clear error when the build has not run. */
function pluginFile(name: string): string {
  const manifest = require.resolve(`${name}/package.json`);
  const { main } = JSON.parse(readFileSync(manifest, 'utf8')) as { main: string };
  const file = join(dirname(manifest), main);
  if (!existsSync(file)) throw new Error(`${name} is not built (${file} is missing): run npm run build`);
  return file;
}
