import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { dicomFrameToImagePlane } from '@aift/selection-core';
import type { ImagePlane } from '@aift/selection-core';
import { decodeRaster } from '../../imaging/decodeRaster.js';
import { openDicomPart10 } from '@aift/dicom-image';

const RASTER_FORMATS = new Set(['png', 'jpeg', 'tiff']);
const DICOM_MAGIC_OFFSET = 128;
const DICOM_MAGIC = 'DICM';

/**
 * An image file as a plane in [0, 1]: PNG, JPEG or TIFF (8 or 16 bits; grey gives 1 channel, colour 3,
 * alpha is dropped) or a single-frame DICOM Part-10 file (a `.dcm` name, no extension, or the DICM magic).
 * Rejects, with the fs error (code ENOENT) for a missing file, else with an error saying why the bytes
 * cannot be read.
 */
export async function decodeImageFile(path: string): Promise<ImagePlane> {
  const bytes = await readFile(path);
  return isDicom(path, bytes) ? decodeDicom(bytes) : decodeRaster(bytes, RASTER_FORMATS);
}

function isDicom(path: string, bytes: Uint8Array): boolean {
  const extension = extname(path).toLowerCase();
  const magic = Buffer.from(bytes.subarray(DICOM_MAGIC_OFFSET, DICOM_MAGIC_OFFSET + 4)).toString('latin1');
  return extension === '.dcm' || extension === '' || magic === DICOM_MAGIC;
}

function decodeDicom(bytes: Uint8Array): ImagePlane {
  const image = openDicomPart10(bytes);
  if (image.numberOfFrames !== 1) {
    throw new RangeError(`DICOM file has ${image.numberOfFrames} frames; a manifest row names one image`);
  }
  return dicomFrameToImagePlane(image.frame(0));
}
