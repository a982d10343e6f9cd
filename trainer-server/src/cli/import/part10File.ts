// The check `import dicom` makes before sending a file: is it a whole DICOM Part-10 instance, and which?
import dcmjs from 'dcmjs';
import type { DicomDataset } from 'dcmjs';

const PREAMBLE = 128;
const MAGIC = 'DICM';
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const UNDEFINED_LENGTH = 0xffffffff;
/** Explicit VRs whose length is 4 bytes after 2 reserved ones (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Why a file is not sent: it is not an instance the PACS could store. */
export class NotAnInstanceError extends Error {
  override readonly name = 'NotAnInstanceError';
}

export interface Part10Instance {
  readonly sopInstanceUid: string;
}

/**
 * Checks that `bytes` are a whole Part-10 instance and returns its SOPInstanceUID. Throws a
 * NotAnInstanceError saying why not: no DICM magic, unparsable, a DICOMDIR, no SOPInstanceUID, or (for the
 * little-endian transfer syntaxes, which are walked element by element) cut short.
 */
export function checkPart10(bytes: Uint8Array): Part10Instance {
  if (bytes.length < PREAMBLE + 4 || latin1(bytes, PREAMBLE, 4) !== MAGIC) {
    throw new NotAnInstanceError('not a DICOM Part-10 file (no "DICM" after the 128-byte preamble)');
  }
  let meta: DicomDataset;
  let dict: DicomDataset;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    ({ meta, dict } = dcmjs.data.DicomMessage.readFile(buffer));
  } catch (error) {
    throw new NotAnInstanceError(`unreadable DICOM: ${(error as Error).message}`);
  }
  const text = (dataset: DicomDataset, tag: string): string => {
    const value = dataset[tag]?.Value?.[0];
    return typeof value === 'string' ? value.replace(/[\0 ]+$/, '') : '';
  };
  if (text(meta, '00020002') === MEDIA_STORAGE_DIRECTORY) {
    throw new NotAnInstanceError('a DICOMDIR (an index of a medium), not an instance');
  }
  const sopInstanceUid = text(dict, '00080018') || text(meta, '00020003');
  if (sopInstanceUid === '') throw new NotAnInstanceError('no SOPInstanceUID');
  const transferSyntax = text(meta, '00020010');
  if (transferSyntax === IMPLICIT_VR_LITTLE_ENDIAN || transferSyntax === EXPLICIT_VR_LITTLE_ENDIAN) {
    const cut = truncation(bytes, transferSyntax === EXPLICIT_VR_LITTLE_ENDIAN);
    if (cut !== undefined) throw new NotAnInstanceError(`truncated: ${cut}`);
  }
  return { sopInstanceUid };
}

/**
 * dcmjs reads a file cut inside its last element without complaint, so the data set is walked here: the
 * element that runs past the end of the file, or undefined when every element fits.
 */
function truncation(bytes: Uint8Array, explicit: boolean): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The meta group is always explicit little endian and starts with its group length (0002,0000) UL.
  let offset = PREAMBLE + 4;
  if (view.byteLength < offset + 12) return 'the file meta group is cut';
  offset += 12 + view.getUint32(offset + 8, true);

  class Cut extends Error {}
  const need = (count: number, what: string): void => {
    if (offset + count > view.byteLength) {
      throw new Cut(`${what} needs ${count} bytes at offset ${offset}; the file ends at ${view.byteLength}`);
    }
  };
  const header = (): { tag: string; length: number } => {
    need(8, 'an element header');
    const group = view.getUint16(offset, true);
    const element = view.getUint16(offset + 2, true);
    const tag = `(${hex(group)},${hex(element)})`;
    const vr = latin1(bytes, offset + 4, 2);
    if (group === 0xfffe || !explicit) {
      const length = view.getUint32(offset + 4, true);
      offset += 8;
      return { tag, length };
    }
    if (LONG_VRS.has(vr)) {
      need(12, `element ${tag}`);
      const length = view.getUint32(offset + 8, true);
      offset += 12;
      return { tag, length };
    }
    const length = view.getUint16(offset + 6, true);
    offset += 8;
    return { tag, length };
  };
  // An element of undefined length (a sequence, encapsulated pixel data) holds items up to (FFFE,E0DD);
  // an item of undefined length holds elements up to (FFFE,E00D).
  const elements = (until: string | undefined): void => {
    while (until !== undefined || offset < view.byteLength) {
      const { tag, length } = header();
      if (tag === until) return;
      if (length === UNDEFINED_LENGTH) {
        elements(tag === '(FFFE,E000)' ? '(FFFE,E00D)' : '(FFFE,E0DD)');
      } else {
        need(length, `the value of ${tag}`);
        offset += length;
      }
    }
  };
  try {
    elements(undefined);
    return undefined;
  } catch (error) {
    if (error instanceof Cut) return error.message;
    throw error;
  }
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

function latin1(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('latin1');
}
