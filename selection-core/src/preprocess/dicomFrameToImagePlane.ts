import type { ImagePlane } from '../patches/extractPatches.js';
import { colourToUnit } from './colourToUnit.js';
import type { DicomFrame } from './dicomFrame.js';
import { greyToUnit } from './greyToUnit.js';
import { pixelLayoutOf } from './pixelLayout.js';
import { storedValues } from './storedValues.js';

/**
 * One DICOM frame as an image in [0, 1] at its own resolution: 1 channel (0 = black) for MONOCHROME1/2,
 * 3 channels (RGB) for RGB and YBR_FULL. The browser and the server both call this, so the same pixels and
 * attributes give bit-identical planes. Throws a DicomAttributeError naming the first bad attribute.
 */
export function dicomFrameToImagePlane(frame: DicomFrame): ImagePlane {
  const layout = pixelLayoutOf(frame);
  const stored = storedValues(frame.frameData, layout);
  const data = layout.samplesPerPixel === 1 ? greyToUnit(stored, frame) : colourToUnit(stored, layout);
  return { data, width: layout.columns, height: layout.rows, channels: layout.samplesPerPixel };
}
