import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OHIF_CACHE_DIR, OHIF_APP_VERSION } from '@aift/viewer';
import { aiftPlugins } from '../start/viewer.js';
import { fail, ok, reasonOf, warn } from './check.js';
import type { CheckResult } from './check.js';

/** What `npm start` serves as the viewer: the fetched OHIF dist, and our two built plugins. */
export function checkViewer(cacheDir: string = DEFAULT_OHIF_CACHE_DIR): CheckResult[] {
  const dist = join(cacheDir, `ohif-app-${OHIF_APP_VERSION}`);
  const ohif = existsSync(join(dist, 'index.html'))
    ? ok('viewer', `@ohif/app@${OHIF_APP_VERSION} in ${dist}`)
    : warn(
        'viewer',
        `@ohif/app@${OHIF_APP_VERSION} is not fetched yet`,
        'run node viewer/dist/cli/fetchOhif.js (scripts/setup.sh does; npm start fetches it on first use)',
      );
  let plugins: CheckResult;
  try {
    plugins = ok('plugins', `built: ${Object.keys(aiftPlugins().plugins).join(', ')}`);
  } catch (error) {
    plugins = fail('plugins', reasonOf(error), 'run npm run build');
  }
  return [ohif, plugins];
}
