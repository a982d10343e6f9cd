import { DicomAttributeError, dicomFrameToImagePlane } from '@aift/selection-core';
import type { DicomFrame, ImagePlane } from '@aift/selection-core';
import dcmjs from 'dcmjs';
import type { DicomDataset } from 'dcmjs';
import { frameAttributes, numberOfFramesOf } from './frameAttributes.js';
import { UnsupportedTransferSyntaxError } from './unsupportedTransferSyntaxError.js';

/** Transfer syntaxes whose pixel data is native little-endian; dcmjs inflates the deflated one. */
export const NATIVE_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
};
const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
const TRANSFER_SYNTAX_UID = '00020010';
const PIXEL_DATA = '7FE00010';

/** A parsed Part-10 image whose frames can be read one at a time without parsing the file again. */
export interface DicomPart10Image {
  readonly transferSyntaxUid: string;
  readonly numberOfFrames: number;
  /** Frame `index` (0-based) as the pure input; its frameData is a view into the file's pixel data. */
  frame(index: number): DicomFrame;
}

/**
 * Parses a DICOM Part-10 file. Throws UnsupportedTransferSyntaxError for compressed or big-endian pixel
 * data, a DicomAttributeError naming the attribute for missing or inconsistent image attributes, and a
 * TypeError for bytes that are not a Part-10 file.
 */
export function openDicomPart10(file: Uint8Array): DicomPart10Image {
  const { meta, dict } = parse(file);
  const uid = meta[TRANSFER_SYNTAX_UID]?.Value?.[0];
  const transferSyntaxUid = typeof uid === 'string' ? uid.trim() : '';
  if (!Object.hasOwn(NATIVE_TRANSFER_SYNTAXES, transferSyntaxUid)) {
    throw new UnsupportedTransferSyntaxError(transferSyntaxUid, transferSyntaxUid !== EXPLICIT_VR_BIG_ENDIAN);
  }
  const numberOfFrames = numberOfFramesOf(dict);
  const pixelData = pixelDataOf(dict);
  return {
    transferSyntaxUid,
    numberOfFrames,
    frame(index: number): DicomFrame {
      if (!Number.isInteger(index) || index < 0 || index >= numberOfFrames) {
        throw new RangeError(`frame index ${index} is out of range: NumberOfFrames is ${numberOfFrames}`);
      }
      const attributes = frameAttributes(dict, index);
      const { Rows, Columns, SamplesPerPixel, BitsAllocated } = attributes;
      // Checked here too because the frame boundaries depend on it; the pure function names the rest.
      if (BitsAllocated !== 8 && BitsAllocated !== 16) {
        throw new DicomAttributeError('BitsAllocated', `${BitsAllocated} is not supported (8 or 16)`);
      }
      const frameBytes = (Rows * Columns * SamplesPerPixel * BitsAllocated) / 8;
      if (pixelData.byteLength < numberOfFrames * frameBytes) {
        throw new DicomAttributeError(
          'PixelData',
          `has ${pixelData.byteLength} bytes, fewer than NumberOfFrames x Rows x Columns x SamplesPerPixel x ` +
            `BitsAllocated/8 = ${numberOfFrames} x ${Rows} x ${Columns} x ${SamplesPerPixel} x ${BitsAllocated / 8}`,
        );
      }
      const frameData = pixelData.subarray(index * frameBytes, (index + 1) * frameBytes);
      return { ...attributes, frameData };
    },
  };
}

/** Frame `frameIndex` of a Part-10 file as an image in [0, 1] (see dicomFrameToImagePlane). */
export function readDicomFramePlane(file: Uint8Array, frameIndex = 0): ImagePlane {
  return dicomFrameToImagePlane(openDicomPart10(file).frame(frameIndex));
}

function parse(file: Uint8Array): { meta: DicomDataset; dict: DicomDataset } {
  // dcmjs wants an ArrayBuffer of the file alone; a Uint8Array (a Node Buffer above all) may share a larger one.
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  try {
    return dcmjs.data.DicomMessage.readFile(buffer);
  } catch (cause) {
    throw new TypeError(`not a readable DICOM Part-10 file: ${(cause as Error).message}`, { cause });
  }
}

/** The whole native pixel data as one byte array (dcmjs may hand it over in several buffers). */
function pixelDataOf(dataset: DicomDataset): Uint8Array {
  const parts = (dataset[PIXEL_DATA]?.Value ?? []) as ArrayBuffer[];
  if (parts.length === 0) throw new DicomAttributeError('PixelData', 'missing or empty');
  if (parts.length === 1) return new Uint8Array(parts[0]!);
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((offset, p) => {
    whole.set(new Uint8Array(p), offset);
    return offset + p.byteLength;
  }, 0);
  return whole;
}
