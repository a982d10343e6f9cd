// Two synthetic studies (Part-10 files written in code) to upload to a test PACS, and what to expect back.
import assert from 'node:assert/strict';
import type { ImagePlane } from '@aift/selection-core';
import sharp from 'sharp';
import type { Candidate } from '../../../trainer-server/src/pacs/ports.js';
import { makePart10, TRANSFER_SYNTAX } from '../imaging/syntheticDicom.js';

export const PATIENT = { PatientName: 'Doe^Jane', PatientID: 'PID-4711' };
const STUDY_A = { StudyInstanceUID: '2.25.100', StudyDate: '20240315', ...PATIENT };
const STUDY_B = { StudyInstanceUID: '2.25.200', StudyDate: '20230101', ...PATIENT };
export const GREY8 = {
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 8,
  BitsStored: 8,
  HighBit: 7,
  PixelRepresentation: 0,
};
const CT16 = {
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 16,
  BitsStored: 12,
  HighBit: 11,
  PixelRepresentation: 1,
  RescaleSlope: 1,
  RescaleIntercept: -1024,
  WindowCenter: 40,
  WindowWidth: 400,
};

function ramp8(count: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => (i * 37 + seed * 11) % 256);
}

function ct16(count: number, seed: number): Uint8Array {
  const values = Int16Array.from({ length: count }, (_, i) => ((i * 97 + seed * 13) % 2000) + 24);
  return new Uint8Array(values.buffer);
}

/** Files by SOP Instance UID, so tests can compare what the PACS served with the file uploaded. */
export const FILES = new Map<string, Uint8Array>([
  [
    '2.25.100.1.1',
    makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      {
        ...STUDY_A,
        SeriesInstanceUID: '2.25.100.1',
        SOPInstanceUID: '2.25.100.1.1',
        Modality: 'CT',
        ...CT16,
        Rows: 4,
        Columns: 5,
      },
      ct16(20, 1),
    ),
  ],
  [
    '2.25.100.1.2',
    makePart10(
      TRANSFER_SYNTAX.implicitLittle,
      {
        ...STUDY_A,
        SeriesInstanceUID: '2.25.100.1',
        SOPInstanceUID: '2.25.100.1.2',
        Modality: 'CT',
        ...CT16,
        Rows: 4,
        Columns: 5,
      },
      ct16(20, 2),
    ),
  ],
  [
    '2.25.100.2.1',
    makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      {
        ...STUDY_A,
        SeriesInstanceUID: '2.25.100.2',
        SeriesDescription: 'cine loop',
        SOPInstanceUID: '2.25.100.2.1',
        Modality: 'OT',
        ...GREY8,
        Rows: 3,
        Columns: 4,
        NumberOfFrames: 3,
      },
      ramp8(36, 3),
      'OB',
    ),
  ],
  [
    '2.25.200.1.1',
    makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      {
        ...STUDY_B,
        SeriesInstanceUID: '2.25.200.1',
        SOPInstanceUID: '2.25.200.1.1',
        Modality: 'MR',
        ...GREY8,
        Rows: 6,
        Columns: 2,
      },
      Uint8Array.from({ length: 12 }, (_, i) => [0, 255, 17, 200, 64, 128][i % 6]!),
      'OB',
    ),
  ],
]);

export const JPEG_SOP = '2.25.200.2.1';
export const JPEG_SIZE = 16;
export const JPEG_SOURCE = Uint8Array.from(
  { length: JPEG_SIZE * JPEG_SIZE },
  (_, i) => 8 * (i % JPEG_SIZE) + 4 * Math.floor(i / JPEG_SIZE),
);

export async function jpegInstance(): Promise<Uint8Array> {
  const jpeg = await sharp(JPEG_SOURCE, { raw: { width: JPEG_SIZE, height: JPEG_SIZE, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return makePart10(
    TRANSFER_SYNTAX.jpegBaseline,
    {
      ...STUDY_B,
      SeriesInstanceUID: '2.25.200.2',
      SOPInstanceUID: JPEG_SOP,
      Modality: 'OT',
      ...GREY8,
      Rows: JPEG_SIZE,
      Columns: JPEG_SIZE,
    },
    new Uint8Array(jpeg),
    'OB',
  );
}

export const JPEG_FRAME = {
  studyInstanceUid: '2.25.200',
  seriesInstanceUid: '2.25.200.2',
  sopInstanceUid: JPEG_SOP,
  frame: 1,
};

/**
 * 8-bit, no window: the pure preprocessing and Orthanc's rendering both stretch the frame's min..max onto
 * [0, 1]. The source runs from 0 to 180, and JPEG at quality 100 keeps this gradient exact here;
 * the rendered PNG adds at most half a grey level of rounding.
 */
export function assertCloseToJpegSource(plane: ImagePlane): void {
  assert.deepEqual([plane.width, plane.height, plane.channels], [JPEG_SIZE, JPEG_SIZE, 1]);
  const max = Math.max(...JPEG_SOURCE);
  const worst = Math.max(...Array.from(JPEG_SOURCE, (v, i) => Math.abs(v / max - plane.data[i]!)));
  assert.ok(worst <= 1 / 255, `decoded JPEG differs from its source by ${worst * 255} / 255`);
}

export function file(sop: string): Uint8Array {
  const found = FILES.get(sop);
  assert.ok(found, `no test file ${sop}`);
  return found;
}

export function ids(candidates: readonly Candidate[]): string[] {
  return candidates.map((c) => c.id).sort();
}

export const ALL_IDS = [
  '2.25.100.1.1/1',
  '2.25.100.1.2/1',
  '2.25.100.2.1/1',
  '2.25.100.2.1/2',
  '2.25.100.2.1/3',
  '2.25.200.1.1/1',
  `${JPEG_SOP}/1`,
];
