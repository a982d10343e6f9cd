import type { ImagePlane } from '@aift/selection-core';
import { decodeRaster } from '../imaging/decodeRaster.js';

const PNG_ONLY = new Set(['png']);

/**
 * A rendered frame (PNG, as WADO-RS /rendered returns it) as a plane in [0, 1]. The PACS has already
 * applied its modality and VOI transforms, so no window is applied here.
 */
export function renderedFramePlane(png: Uint8Array): Promise<ImagePlane> {
  return decodeRaster(png, PNG_ONLY);
}
