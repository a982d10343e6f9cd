// The viewer half of `npm start`: the prebuilt OHIF viewer with our extension and mode, the PACS's DICOMweb
// and the trainer API on one origin (@aift/viewer's gateway), with a fresh annotator token for the page.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_OHIF_CACHE_DIR, ensureOhifDist, startViewerGateway } from '@aift/viewer';
import type { RunningViewerGateway } from '@aift/viewer';
import type { TrainerServer } from '../../server.js';
import type { Actor } from '../../store/index.js';
import { replaceTokens } from './replaceTokens.js';

const require = createRequire(import.meta.url);

/** The plugin packages: each one's module id is its package name, its file the package's `main`. */
export const PLUGIN_PACKAGES = { extension: '@aift/ohif-extension', mode: '@aift/ohif-mode' } as const;
/** The mode's route (mode/src/index.ts routeName). */
export const MODE_ROUTE = 'aift';
/** The extension's START_CASE_PARAM (extension/src/id.ts): `=top` opens the reader's top worklist case. */
export const START_CASE_PARAM = 'aiftCase';
const VIEWER_TOKEN = 'viewer';

export interface ViewerOptions {
  readonly trainer: TrainerServer;
  readonly dicomWebRoot: string;
  readonly dicomWebHeaders?: Readonly<Record<string, string>>;
  readonly host: string;
  readonly port: number;
  /** Who makes the page's token, in the audit log. */
  readonly actor: Actor;
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
    trainer: { app: options.trainer.app },
    aift: { trainerUrl: '/api', token: pageToken(options.trainer, options.actor) },
  });
}

/**
 * An annotator token for this run's page, written into app-config.js (so only for a viewer on this
 * machine: `npm start` binds 127.0.0.1). The previous run's page token is revoked; secrets are stored hashed,
 * so a token cannot be shown again and each run makes its own. Deployments use the viewer's OIDC token.
 */
function pageToken(trainer: TrainerServer, actor: Actor): string {
  const { tokens } = trainer.store;
  const earlier = tokens.list().filter((t) => t.createdBy === actor.name);
  return replaceTokens(tokens, earlier, [{ name: VIEWER_TOKEN, role: 'annotator' }], actor)[VIEWER_TOKEN];
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
