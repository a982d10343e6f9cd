import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DicomAttributeError } from '../../../selection-core/src/preprocess/dicomFrame.js';
import type { DicomFrame } from '../../../selection-core/src/preprocess/dicomFrame.js';
import { dicomFrameToImagePlane } from '../../../selection-core/src/preprocess/dicomFrameToImagePlane.js';
import { bytes16, bytes8 } from './frameBytes.js';

const GOOD: DicomFrame = {
  Rows: 2,
  Columns: 3,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 16,
  BitsStored: 12,
  HighBit: 11,
  PixelRepresentation: 0,
  WindowCenter: 100,
  WindowWidth: 50,
  frameData: bytes16([1, 2, 3, 4, 5, 6]),
};

const RGB: DicomFrame = {
  ...GOOD,
  Rows: 1,
  Columns: 1,
  SamplesPerPixel: 3,
  PhotometricInterpretation: 'RGB',
  BitsAllocated: 8,
  BitsStored: 8,
  HighBit: 7,
  frameData: bytes8([1, 2, 3]),
};

function assertNames(frame: DicomFrame, attribute: string, detail: RegExp): void {
  assert.throws(
    () => dicomFrameToImagePlane(frame),
    (error: unknown) => {
      assert.ok(error instanceof DicomAttributeError, `expected a DicomAttributeError, got ${String(error)}`);
      assert.ok(error instanceof RangeError);
      assert.equal(error.attribute, attribute);
      assert.ok(error.message.startsWith(`${attribute}: `), error.message);
      assert.match(error.message, detail);
      return true;
    },
  );
}

describe('dicomFrameToImagePlane rejects bad frames, naming the attribute', () => {
  it('accepts the reference frame', () => {
    assert.equal(dicomFrameToImagePlane(GOOD).data.length, 6);
  });

  it('pixel data length vs Rows x Columns x SamplesPerPixel x BitsAllocated/8', () => {
    assertNames({ ...GOOD, frameData: bytes16([1, 2, 3, 4, 5]) }, 'PixelData', /10 bytes, expected .* = 12/);
    assertNames({ ...GOOD, frameData: new Uint8Array(13) }, 'PixelData', /13 bytes/);
  });

  it('unsupported BitsAllocated', () => {
    assertNames({ ...GOOD, BitsAllocated: 32, frameData: new Uint8Array(24) }, 'BitsAllocated', /32/);
    assertNames({ ...GOOD, BitsAllocated: 1 }, 'BitsAllocated', /not supported/);
  });

  it('BitsStored and HighBit outside what BitsAllocated holds', () => {
    assertNames({ ...GOOD, BitsStored: 17 }, 'BitsStored', /\[1, 16\]/);
    assertNames({ ...GOOD, BitsStored: 0 }, 'BitsStored', /\[1, 16\]/);
    assertNames({ ...GOOD, HighBit: 10 }, 'HighBit', /\[11, 15\]/);
    assertNames({ ...GOOD, HighBit: 16 }, 'HighBit', /\[11, 15\]/);
  });

  it('zero or negative window width, and a window with only one half', () => {
    assertNames({ ...GOOD, WindowWidth: 0 }, 'WindowWidth', /too small for LINEAR/);
    assertNames({ ...GOOD, WindowWidth: [0.5, 100] }, 'WindowWidth', /0\.5/);
    assertNames({ ...GOOD, VOILUTFunction: 'SIGMOID', WindowWidth: 0 }, 'WindowWidth', /SIGMOID/);
    assertNames({ ...GOOD, WindowWidth: undefined }, 'WindowWidth', /missing while WindowCenter/);
    assertNames({ ...GOOD, WindowCenter: undefined }, 'WindowCenter', /missing while WindowWidth/);
    assertNames({ ...GOOD, WindowCenter: Number.NaN }, 'WindowCenter', /finite/);
  });

  it('an unknown VOI LUT function', () => {
    assertNames({ ...GOOD, VOILUTFunction: 'GAMMA' }, 'VOILUTFunction', /"GAMMA"/);
  });

  it('a zero or non-finite rescale', () => {
    assertNames({ ...GOOD, RescaleSlope: 0 }, 'RescaleSlope', /non-zero/);
    assertNames({ ...GOOD, RescaleIntercept: Number.POSITIVE_INFINITY }, 'RescaleIntercept', /finite/);
  });

  it('unsupported or inconsistent photometric interpretations', () => {
    assertNames(
      { ...RGB, PhotometricInterpretation: 'PALETTE COLOR' },
      'PhotometricInterpretation',
      /PALETTE/,
    );
    assertNames({ ...RGB, PhotometricInterpretation: 'YBR_FULL_422' }, 'PhotometricInterpretation', /422/);
    assertNames({ ...GOOD, SamplesPerPixel: 3 }, 'SamplesPerPixel', /MONOCHROME2, which has 1/);
    assertNames({ ...RGB, SamplesPerPixel: 1 }, 'SamplesPerPixel', /RGB, which has 3/);
  });

  it('bad sizes, sign and planar configuration', () => {
    assertNames({ ...GOOD, Rows: 0 }, 'Rows', /0 is not an integer/);
    assertNames({ ...GOOD, Columns: 2.5 }, 'Columns', /2\.5/);
    assertNames({ ...GOOD, PixelRepresentation: 2 }, 'PixelRepresentation', /not 0 or 1/);
    assertNames({ ...RGB, PixelRepresentation: 1 }, 'PixelRepresentation', /signed samples/);
    assertNames({ ...RGB, PlanarConfiguration: 2 }, 'PlanarConfiguration', /not 0 or 1/);
  });

  it('pixel data that is not an ArrayBufferView', () => {
    const notAView = [1, 2, 3, 4, 5, 6] as unknown as ArrayBufferView;
    assertNames({ ...GOOD, frameData: notAView }, 'PixelData', /ArrayBufferView/);
  });
});
