// The prebuilt OHIF viewer, pinned. The package's only useful part is its `dist/` (the registry cannot
// install @ohif/app's dependencies, and the prebuilt viewer needs none of them): see ensurePackedDist.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePackedDist } from './packedDist.js';
import type { EnsureDistOptions } from './packedDist.js';

export const OHIF_APP_PACKAGE = '@ohif/app';
export const OHIF_APP_VERSION = '3.13.2';
/** The registry's `dist.integrity` of @ohif/app@3.13.2, checked against the tarball's own bytes. */
export const OHIF_APP_INTEGRITY =
  'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==';

/** <repo>/.cache/ohif: this file sits in viewer/src or viewer/dist, two levels below the repository. */
export const DEFAULT_OHIF_CACHE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.cache',
  'ohif',
);

/**
 * Returns `<cacheDir>/ohif-app-3.13.2`, the extracted viewer dist (index.html, app-config.js, bundles),
 * downloading it first (about 50 MB) when it is not there yet.
 */
export function ensureOhifDist(cacheDir: string, options: EnsureDistOptions = {}): Promise<string> {
  return ensurePackedDist(
    cacheDir,
    {
      spec: `${OHIF_APP_PACKAGE}@${OHIF_APP_VERSION}`,
      integrity: OHIF_APP_INTEGRITY,
      folder: `ohif-app-${OHIF_APP_VERSION}`,
      marker: 'index.html',
    },
    options,
  );
}
