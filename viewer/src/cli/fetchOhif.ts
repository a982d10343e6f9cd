// Fetches the prebuilt OHIF viewer into the cache once (scripts/setup.sh runs it; it does nothing when the
// dist is already there). Usage: node viewer/dist/cli/fetchOhif.js [--cache-dir DIR]
import { parseArgs } from 'node:util';
import { DEFAULT_OHIF_CACHE_DIR, ensureOhifDist } from '../ohifDist.js';

try {
  const { values } = parseArgs({ options: { 'cache-dir': { type: 'string' } } });
  await ensureOhifDist(values['cache-dir'] ?? DEFAULT_OHIF_CACHE_DIR, {
    log: (message) => console.log(`fetch-ohif: ${message}`),
  });
} catch (error) {
  console.error(`fetch-ohif: ${error instanceof Error ? error.message : String(error)}`);
  console.error('usage: node viewer/dist/cli/fetchOhif.js [--cache-dir DIR]');
  process.exitCode = 1;
}
