// A data set made in code for the end-to-end tests (the demo of `npm start` before the chest X-rays): small
// 8-bit Secondary Capture images of two shapes, one study each, plus one stack (a series of several images,
// for the viewer's per-frame strip), under an obviously synthetic patient so that nobody mistakes them for
// patient data.
import { createRng } from '@aift/selection-core';
import type { Rng } from '@aift/selection-core';
import { secondaryCapturePart10 } from '../../trainer-server/src/cli/import/secondaryCapturePart10.js';

export const DEMO_CLASSES = ['disc', 'square'] as const;
export type DemoClass = (typeof DEMO_CLASSES)[number];

export const DEMO_PATIENT = { PatientName: 'SYNTHETIC^DEMO', PatientID: 'AIFT-SYNTHETIC-DEMO' };
const DEMO_DESCRIPTION = 'AIFT SYNTHETIC DEMO - not patient data';
/** Fixed, so that uploading the demo twice stores nothing new. */
const UID_ROOT = '2.25.314159265358979323846264338327';
const SEED = 7;
/** What every demo instance shares. */
const DEMO_IDS = {
  patientName: DEMO_PATIENT.PatientName,
  patientId: DEMO_PATIENT.PatientID,
  studyDate: '20260101',
  studyTime: '120000',
  studyDescription: DEMO_DESCRIPTION,
  seriesDescription: DEMO_DESCRIPTION,
  seriesNumber: 1,
  conversionType: 'SYN',
  implementationClassUid: `${UID_ROOT}.0`,
} as const;

export interface DemoStudy {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
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
    const file = part10(studyInstanceUid, i + 1, 1, size, pixels);
    return { studyInstanceUid, ...file.uids, shape, part10: file.bytes };
  });
}

/** Study number of the stack, after any count of single-image studies a demo could have. */
const STACK_STUDY = 100_000;

/** One study whose one series stacks `count` images of alternating shapes: instance i is slice i + 1. */
export function demoStack(count: number, size: number): DemoStudy[] {
  if (!Number.isInteger(count) || count < 2)
    throw new RangeError(`count must be an integer >= 2, got ${count}`);
  const rng = createRng(SEED + 1);
  const studyInstanceUid = `${UID_ROOT}.${STACK_STUDY}`;
  return Array.from({ length: count }, (_, i) => {
    const shape = DEMO_CLASSES[i % DEMO_CLASSES.length]!;
    const file = part10(studyInstanceUid, STACK_STUDY, i + 1, size, drawShape(shape, size, rng));
    return { studyInstanceUid, ...file.uids, shape, part10: file.bytes };
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

function part10(
  studyInstanceUid: string,
  number: number,
  instanceNumber: number,
  size: number,
  pixels: Uint8Array,
): { uids: { seriesInstanceUid: string; sopInstanceUid: string }; bytes: Uint8Array } {
  const seriesInstanceUid = `${studyInstanceUid}.1`;
  const sopInstanceUid = `${seriesInstanceUid}.${instanceNumber}`;
  const bytes = secondaryCapturePart10(
    {
      ...DEMO_IDS,
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid,
      studyId: String(number),
      accessionNumber: `DEMO${number}`,
      instanceNumber,
    },
    { width: size, height: size, channels: 1, data: pixels },
  );
  return { uids: { seriesInstanceUid, sopInstanceUid }, bytes };
}
