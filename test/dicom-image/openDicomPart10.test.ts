import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DicomFrame } from '../../selection-core/src/preprocess/dicomFrame.js';
import { dicomFrameToImagePlane } from '../../selection-core/src/preprocess/dicomFrameToImagePlane.js';
import { openDicomPart10, readDicomFramePlane, UnsupportedTransferSyntaxError } from '@aift/dicom-image';
import { bytes16, bytes8 } from '../selection-core/preprocess/frameBytes.js';
import { makePart10, TRANSFER_SYNTAX } from '../trainer-server/imaging/syntheticDicom.js';

const CT_ATTRIBUTES = {
  Rows: 2,
  Columns: 3,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 16,
  BitsStored: 12,
  HighBit: 11,
  PixelRepresentation: 1,
  RescaleSlope: 0.5,
  RescaleIntercept: -1024,
  WindowCenter: [40, 400],
  WindowWidth: [400, 2000],
} as const;
// sign bits above bit 11 set, as a CT scanner writes them: -2048, -1, 0, 1, 2047, and 0x5001 -> 1
const CT_PIXELS = bytes16([0xf800, 0xffff, 0x0000, 0x0001, 0x07ff, 0x5001]);

/** The server's plane must be the pure function's plane, bit for bit. */
function assertBitIdentical(actual: Float32Array, expected: Float32Array): void {
  assert.deepEqual(
    new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength),
    new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength),
  );
}

function assertSameAsPure(file: Uint8Array, frame: DicomFrame, frameIndex = 0): void {
  const plane = readDicomFramePlane(file, frameIndex);
  const expected = dicomFrameToImagePlane(frame);
  assert.deepEqual(
    [plane.width, plane.height, plane.channels],
    [expected.width, expected.height, expected.channels],
  );
  assertBitIdentical(plane.data, expected.data);
}

function assertAttributeError(run: () => unknown, attribute: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof RangeError, String(error));
    assert.equal(error.name, 'DicomAttributeError');
    assert.equal((error as RangeError & { attribute: string }).attribute, attribute);
    return true;
  });
}

describe('openDicomPart10 reads uncompressed files into the pure input', () => {
  it('explicit VR little endian, signed 12-bit CT with rescale and two windows', () => {
    const file = makePart10(TRANSFER_SYNTAX.explicitLittle, CT_ATTRIBUTES, CT_PIXELS);
    const image = openDicomPart10(file);
    assert.equal(image.transferSyntaxUid, TRANSFER_SYNTAX.explicitLittle);
    assert.equal(image.numberOfFrames, 1);
    const frame = image.frame(0);
    assert.deepEqual(
      { ...frame, frameData: undefined },
      {
        ...CT_ATTRIBUTES,
        WindowCenter: [40, 400],
        WindowWidth: [400, 2000],
        PlanarConfiguration: undefined,
        VOILUTFunction: undefined,
        frameData: undefined,
      },
    );
    assert.deepEqual(
      new Uint8Array(frame.frameData.buffer, frame.frameData.byteOffset, frame.frameData.byteLength),
      CT_PIXELS,
    );
    assertSameAsPure(file, { ...CT_ATTRIBUTES, frameData: CT_PIXELS });
  });

  it('implicit VR little endian, 8-bit MONOCHROME1 without a window', () => {
    const attributes = {
      Rows: 2,
      Columns: 2,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME1',
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
    };
    const pixels = bytes8([0, 64, 128, 255]);
    const file = makePart10(TRANSFER_SYNTAX.implicitLittle, attributes, pixels);
    assertSameAsPure(file, { ...attributes, frameData: pixels });
    // min/max fallback then inversion: 1 - x / 255
    assert.deepEqual(
      Array.from(readDicomFramePlane(file).data),
      [1, 1 - 64 / 255, 1 - 128 / 255, 0].map(Math.fround),
    );
  });

  it('deflated explicit VR little endian', () => {
    const file = makePart10(TRANSFER_SYNTAX.deflatedExplicitLittle, CT_ATTRIBUTES, CT_PIXELS);
    assert.equal(openDicomPart10(file).transferSyntaxUid, TRANSFER_SYNTAX.deflatedExplicitLittle);
    assertSameAsPure(file, { ...CT_ATTRIBUTES, frameData: CT_PIXELS });
  });

  it('RGB with PlanarConfiguration 1', () => {
    const attributes = {
      Rows: 1,
      Columns: 2,
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: 1,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
    };
    const pixels = bytes8([255, 0, 0, 128, 0, 255]);
    const file = makePart10(TRANSFER_SYNTAX.explicitLittle, attributes, pixels, 'OB');
    assertSameAsPure(file, { ...attributes, frameData: pixels });
    assert.equal(readDicomFramePlane(file).channels, 3);
  });

  it('reads zero-length (empty type 2) rescale and window elements as absent', () => {
    const attributes = {
      ...CT_ATTRIBUTES,
      RescaleSlope: '',
      RescaleIntercept: '',
      WindowCenter: '',
      WindowWidth: '',
    };
    const file = makePart10(TRANSFER_SYNTAX.explicitLittle, attributes, CT_PIXELS);
    const frame = openDicomPart10(file).frame(0);
    assert.deepEqual(
      [frame.RescaleSlope, frame.RescaleIntercept, frame.WindowCenter, frame.WindowWidth],
      [undefined, undefined, undefined, undefined],
    );
    assertSameAsPure(file, {
      ...CT_ATTRIBUTES,
      RescaleSlope: undefined,
      RescaleIntercept: undefined,
      WindowCenter: undefined,
      WindowWidth: undefined,
      frameData: CT_PIXELS,
    });
  });

  it('a file inside a larger buffer (as Node hands out pooled Buffers)', () => {
    const file = makePart10(TRANSFER_SYNTAX.explicitLittle, CT_ATTRIBUTES, CT_PIXELS);
    const pool = new Uint8Array(file.length + 100);
    pool.set(file, 37);
    assertSameAsPure(pool.subarray(37, 37 + file.length), { ...CT_ATTRIBUTES, frameData: CT_PIXELS });
  });
});

describe('openDicomPart10, multi-frame', () => {
  const attributes = {
    Rows: 2,
    Columns: 2,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    NumberOfFrames: 3,
  };
  const frames = [bytes8([0, 1, 2, 3]), bytes8([10, 20, 30, 40]), bytes8([9, 7, 5, 3])];
  const file = makePart10(
    TRANSFER_SYNTAX.explicitLittle,
    attributes,
    bytes8(frames.flatMap((f) => Array.from(f))),
  );

  it('picks each frame by its 0-based index', () => {
    const image = openDicomPart10(file);
    assert.equal(image.numberOfFrames, 3);
    frames.forEach((pixels, index) => {
      assert.deepEqual(
        new Uint8Array(image.frame(index).frameData.buffer, image.frame(index).frameData.byteOffset, 4),
        pixels,
      );
      assertSameAsPure(file, { ...attributes, frameData: pixels }, index);
    });
    // frame 1 alone: min 10, max 40 -> (x - 10) / 30
    assert.deepEqual(Array.from(readDicomFramePlane(file, 1).data), [0, 1 / 3, 2 / 3, 1].map(Math.fround));
  });

  it('rejects a frame index outside NumberOfFrames', () => {
    assert.throws(() => openDicomPart10(file).frame(3), /frame index 3 is out of range: NumberOfFrames is 3/);
    assert.throws(() => readDicomFramePlane(file, -1), RangeError);
  });

  it('rejects pixel data shorter than NumberOfFrames frames', () => {
    const short = makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      { ...attributes, NumberOfFrames: 4 },
      bytes8(new Array(12).fill(0)),
    );
    assertAttributeError(() => readDicomFramePlane(short, 0), 'PixelData');
  });

  it('takes rescale and window per frame from the functional groups of an enhanced object', () => {
    const enhanced = makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      {
        ...attributes,
        NumberOfFrames: 2,
        SharedFunctionalGroupsSequence: [
          {
            PixelValueTransformationSequence: [{ RescaleSlope: 2, RescaleIntercept: -10, RescaleType: 'US' }],
          },
        ],
        PerFrameFunctionalGroupsSequence: [
          { FrameVOILUTSequence: [{ WindowCenter: 20, WindowWidth: 40 }] },
          { FrameVOILUTSequence: [{ WindowCenter: 50, WindowWidth: 10, VOILUTFunction: 'LINEAR_EXACT' }] },
        ],
      },
      bytes8([...frames[0]!, ...frames[1]!]),
    );
    const image = openDicomPart10(enhanced);
    const second = image.frame(1);
    assert.deepEqual(
      [
        second.RescaleSlope,
        second.RescaleIntercept,
        second.WindowCenter,
        second.WindowWidth,
        second.VOILUTFunction,
      ],
      [2, -10, [50], [10], 'LINEAR_EXACT'],
    );
    const shared = { ...attributes, RescaleSlope: 2, RescaleIntercept: -10 };
    assertSameAsPure(enhanced, { ...shared, WindowCenter: 20, WindowWidth: 40, frameData: frames[0]! }, 0);
    assertSameAsPure(
      enhanced,
      { ...shared, WindowCenter: 50, WindowWidth: 10, VOILUTFunction: 'LINEAR_EXACT', frameData: frames[1]! },
      1,
    );
  });
});

describe('openDicomPart10 rejects what it cannot read', () => {
  it('an encapsulated (compressed) transfer syntax, naming its UID', () => {
    const file = makePart10(
      TRANSFER_SYNTAX.jpegBaseline,
      CT_ATTRIBUTES,
      bytes8([0xff, 0xd8, 0xff, 0xd9]),
      'OB',
    );
    assert.throws(
      () => openDicomPart10(file),
      (error: unknown) => {
        assert.ok(error instanceof UnsupportedTransferSyntaxError);
        assert.equal(error.transferSyntaxUid, TRANSFER_SYNTAX.jpegBaseline);
        assert.equal(error.encapsulated, true);
        assert.match(error.message, /1\.2\.840\.10008\.1\.2\.4\.50 is encapsulated/);
        return true;
      },
    );
  });

  it('explicit VR big endian', () => {
    const file = makePart10(TRANSFER_SYNTAX.explicitBig, CT_ATTRIBUTES, CT_PIXELS);
    assert.throws(
      () => openDicomPart10(file),
      (error: unknown) => error instanceof UnsupportedTransferSyntaxError && !error.encapsulated,
    );
  });

  it('bytes that are not a Part-10 file', () => {
    assert.throws(() => openDicomPart10(new Uint8Array(200)), TypeError);
  });

  it('a missing image attribute, by name', () => {
    const withoutRows: Record<string, unknown> = { ...CT_ATTRIBUTES };
    delete withoutRows.Rows;
    const file = makePart10(TRANSFER_SYNTAX.explicitLittle, withoutRows, CT_PIXELS);
    assertAttributeError(() => openDicomPart10(file).frame(0), 'Rows');
  });

  it('unsupported BitsAllocated, by name', () => {
    const file = makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      { ...CT_ATTRIBUTES, BitsAllocated: 32 },
      CT_PIXELS,
    );
    assertAttributeError(() => readDicomFramePlane(file), 'BitsAllocated');
  });

  it('inconsistent attributes found by the pure function, by name', () => {
    const file = makePart10(TRANSFER_SYNTAX.explicitLittle, { ...CT_ATTRIBUTES, WindowWidth: 0 }, CT_PIXELS);
    assertAttributeError(() => readDicomFramePlane(file), 'WindowWidth');
  });
});
