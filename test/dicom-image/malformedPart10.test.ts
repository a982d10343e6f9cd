// Malformed DICOM into the reader both the server and the viewer use: truncated files, flipped bytes, huge
// declared lengths and wrong VRs. Whatever arrives, the reader either gives a frame whose plane is finite
// and in [0, 1], or throws one of its named errors with a message: never anything else, never a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DicomAttributeError, dicomFrameToImagePlane } from '@aift/selection-core';
import { openDicomPart10, UnsupportedTransferSyntaxError } from '@aift/dicom-image';
import { makePart10, TRANSFER_SYNTAX } from '../trainer-server/imaging/syntheticDicom.js';

const ROWS = 6;
const COLUMNS = 5;

/** Two frames of 16-bit MONOCHROME2, explicit and implicit little endian. */
const seeds = [TRANSFER_SYNTAX.explicitLittle, TRANSFER_SYNTAX.implicitLittle].map((syntax) =>
  makePart10(
    syntax,
    {
      Rows: ROWS,
      Columns: COLUMNS,
      NumberOfFrames: 2,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: 2048,
      WindowWidth: 4096,
    },
    new Uint8Array(Array.from({ length: ROWS * COLUMNS * 2 * 2 }, (_, i) => (i * 37) % 256)),
  ),
);

/** The errors the reader promises (openDicomPart10's doc comment); anything else is a defect. */
function isNamedError(error: unknown): boolean {
  const named =
    (error instanceof TypeError && /^not a readable DICOM Part-10 file/.test(error.message)) ||
    error instanceof DicomAttributeError ||
    error instanceof UnsupportedTransferSyntaxError ||
    (error instanceof RangeError && /frame index/.test(error.message));
  return named && (error as Error).message.length > 0;
}

function readEveryFrame(bytes: Uint8Array): void {
  const image = openDicomPart10(bytes);
  for (let i = 0; i < image.numberOfFrames; i++) {
    const plane = dicomFrameToImagePlane(image.frame(i));
    assert.ok(
      plane.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1),
      'a plane value is not finite or outside [0, 1]',
    );
  }
}

function assertReadsOrNamesTheProblem(bytes: Uint8Array): void {
  try {
    readEveryFrame(bytes);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(isNamedError(error), `unexpected ${String(error)}`);
  }
}

/** A file with one of these edits: cut short, bytes overwritten, or a 32-bit length field made huge. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('hugeLength' as const), at: fc.nat() }),
);

function mutate(seed: Uint8Array, m: MutationValue): Uint8Array {
  const file = seed.slice();
  const at = 132 + (m.at % (file.length - 132)); // keep the preamble and "DICM": past them is what varies
  if (m.kind === 'truncate') return file.subarray(0, at);
  if (m.kind === 'overwrite') {
    file.set(m.bytes.subarray(0, file.length - at), at);
    return file;
  }
  new DataView(file.buffer).setUint32(Math.min(at, file.length - 4), 0xfffffff0, true);
  return file;
}

type MutationValue =
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'hugeLength'; at: number };

describe('openDicomPart10 on malformed files', () => {
  it('reads the unharmed seeds', () => {
    for (const seed of seeds) readEveryFrame(seed);
  });

  it('reads or names the problem for truncated, overwritten and huge-length files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutation, (seed, m) => {
        const started = performance.now();
        assertReadsOrNamesTheProblem(mutate(seed, m));
        assert.ok(performance.now() - started < 2000, 'took more than 2 s');
      }),
      { numRuns: 400, seed: 20261125 },
    );
  });

  it('names the problem for bytes that are not DICOM at all', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        assert.throws(() => openDicomPart10(bytes), isNamedError);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
