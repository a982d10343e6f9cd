// A data set image as a Secondary Capture instance in a PACS, and the ground-truth row that points at it.
// UIDs are derived, not drawn: the same image of the same data set always gets the same ones, so a second
// import stores nothing new.
import { createHash } from 'node:crypto';
import type { DatasetImage } from './datasetImages.js';
import { secondaryCapturePart10 } from './secondaryCapturePart10.js';
import type { OutgoingInstance } from './sendInstances.js';

/** Where an imported image is, and what it is: one line of the ground-truth CSV. */
export interface TruthRow {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  /** The DICOM frame number, 1-based as everywhere in the trainer (imports are single-frame: always 1). */
  readonly frame: number;
  readonly label: string;
  readonly split: string;
  readonly group: string | undefined;
  /** The image's id in the data set (`npz:train:17`, a manifest row's path). */
  readonly source: string;
}

export interface ImportedInstance {
  readonly outgoing: OutgoingInstance;
  readonly truth: TruthRow;
}

const NAMESPACE = 'aift-import';
/** Longest value of LO (StudyDescription, SeriesDescription, PatientID) and of a PN component group. */
const LO_MAX = 64;
const SH_MAX = 16;

/** `source` names the image in messages (e.g. the manifest file and line). */
export function importedInstance(datasetName: string, image: DatasetImage, source: string): ImportedInstance {
  const pixels = eightBit(image);
  const imageKey = sha256(image.id, `${pixels.width}x${pixels.height}x${pixels.channels}`, pixels.data);
  const studyKey = image.group === undefined ? `image:${imageKey}` : `group:${image.group}`;
  const studyInstanceUid = derivedUid(datasetName, 'study', studyKey);
  const seriesInstanceUid = derivedUid(datasetName, 'series', studyKey);
  const sopInstanceUid = derivedUid(datasetName, 'sop', imageKey);
  const studyHash = sha256(datasetName, studyKey);
  const part10 = secondaryCapturePart10(
    {
      patientName: patientName(datasetName, image.group),
      patientId: `AIFT-IMPORT-${studyHash.slice(0, 16)}`,
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid,
      studyId: studyHash.slice(0, SH_MAX),
      accessionNumber: '',
      studyDate: '',
      studyTime: '',
      studyDescription: `AIFT import of data set ${datasetName}`.slice(0, LO_MAX),
      seriesDescription: `${datasetName} ${image.split}`.slice(-LO_MAX),
      seriesNumber: 1,
      instanceNumber: image.instanceNumber,
      conversionType: 'WSD',
      implementationClassUid: derivedUid('implementation'),
    },
    pixels,
  );
  return {
    outgoing: { source, sopInstanceUid, part10 },
    truth: {
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid,
      frame: 1,
      label: image.label,
      split: image.split,
      group: image.group,
      source: image.id,
    },
  };
}

/** The plane's [0, 1] values as 8-bit pixels: exact for 8-bit sources, 16-bit ones lose their low byte. */
function eightBit(image: DatasetImage): { width: number; height: number; channels: 1 | 3; data: Uint8Array } {
  const { width, height, channels, data } = image.plane;
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`image "${image.id}" has ${channels} channels; 1 (grey) or 3 (RGB) can be imported`);
  }
  const bytes = Uint8Array.from(data, (value) => Math.round(Math.min(1, Math.max(0, value)) * 255));
  return { width, height, channels, data: bytes };
}

/**
 * A UID under 2.25 (ITU-T X.667) from a name-based UUID: the first 128 bits of SHA-256 of the parts,
 * with the version (8, custom) and variant bits set as RFC 9562 asks.
 */
function derivedUid(...parts: string[]): string {
  const bytes = Buffer.from(sha256(NAMESPACE, ...parts).slice(0, 32), 'hex');
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString()}`;
}

function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/**
 * A manifest group is a patient or case of the data set: its name comes first, so that a study list's
 * narrow column tells the studies apart (`<group>^IMPORTED`); without one, `IMPORTED^<data set name>`.
 */
function patientName(datasetName: string, group: string | undefined): string {
  return group === undefined
    ? `IMPORTED^${personNamePart(datasetName)}`
    : `${personNamePart(group)}^IMPORTED`;
}

/** ^ = \ separate parts of a person name; a component group holds at most 64 characters. */
function personNamePart(name: string): string {
  return name.replace(/[\^=\\]/g, '_').slice(0, LO_MAX - 'IMPORTED^'.length);
}
