// The demo dataset of `npm start`, made in code: small 8-bit Secondary Capture images of two shapes, one
// study each, under an obviously synthetic patient so that nobody mistakes them for patient data.
import { createRng } from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';
import dcmjs from 'dcmjs';

export const DEMO_CLASSES = ['disc', 'square'] as const;
export type DemoClass = (typeof DEMO_CLASSES)[number];

export const DEMO_PATIENT = { PatientName: 'SYNTHETIC^DEMO', PatientID: 'AIFT-SYNTHETIC-DEMO' };
const DEMO_DESCRIPTION = 'AIFT SYNTHETIC DEMO - not patient data';
/** Fixed, so that uploading the demo twice stores nothing new. */
const UID_ROOT = '2.25.314159265358979323846264338327';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const SEED = 7;

export interface DemoStudy {
  readonly studyInstanceUid: string;
  /** What the image shows; never written into the file, so the labels come from people. */
  readonly shape: DemoClass;
  readonly part10: Uint8Array;
}

/** `count` studies, alternating disc and square, each one `size` x `size` px with noise. */
export function demoStudies(count: number, size: number): DemoStudy[] {
  if (!Number.isInteger(count) || count < 2)
    throw new RangeError(`count must be an integer >= 2, got ${count}`);
  if (!Number.isInteger(size) || size < 16 || size > 1024) {
    throw new RangeError(`size must be an integer in [16, 1024], got ${size}`);
  }
  const rng = createRng(SEED);
  return Array.from({ length: count }, (_, i) => {
    const shape = DEMO_CLASSES[i % DEMO_CLASSES.length]!;
    const studyInstanceUid = `${UID_ROOT}.${i + 1}`;
    const pixels = drawShape(shape, size, rng);
    return { studyInstanceUid, shape, part10: part10(studyInstanceUid, i + 1, size, pixels) };
  });
}

/** A bright disc or axis-aligned square of random size and place on a noisy dark background. */
function drawShape(shape: DemoClass, size: number, rng: Rng): Uint8Array {
  const radius = size * (0.15 + 0.15 * rng.next());
  const cx = radius + (size - 2 * radius) * rng.next();
  const cy = radius + (size - 2 * radius) * rng.next();
  const brightness = 160 + 80 * rng.next();
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const inside =
        shape === 'disc'
          ? dx * dx + dy * dy <= radius * radius
          : Math.max(Math.abs(dx), Math.abs(dy)) <= radius;
      const value = (inside ? brightness : 30) + 40 * (rng.next() - 0.5);
      pixels[y * size + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return pixels;
}

function part10(studyInstanceUid: string, number: number, size: number, pixels: Uint8Array): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const sopInstanceUid = `${studyInstanceUid}.1.1`;
  const dict = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: SECONDARY_CAPTURE,
      MediaStorageSOPInstanceUID: sopInstanceUid,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
      ImplementationClassUID: `${UID_ROOT}.0`,
    }),
  );
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: sopInstanceUid,
    ...DEMO_PATIENT,
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyInstanceUID: studyInstanceUid,
    StudyID: String(number),
    StudyDate: '20260101',
    StudyTime: '120000',
    AccessionNumber: `DEMO${number}`,
    ReferringPhysicianName: '',
    StudyDescription: DEMO_DESCRIPTION,
    SeriesInstanceUID: `${studyInstanceUid}.1`,
    SeriesNumber: 1,
    SeriesDescription: DEMO_DESCRIPTION,
    InstanceNumber: 1,
    Modality: 'OT',
    ConversionType: 'SYN',
    BurnedInAnnotation: 'NO',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: size,
    Columns: size,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    PixelData: [pixels.slice().buffer],
    _vrMap: { PixelData: 'OB' },
  });
  return new Uint8Array(dict.write());
}
