import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DicomFrame } from '../../../selection-core/src/preprocess/dicomFrame.js';
import { dicomFrameToImagePlane } from '../../../selection-core/src/preprocess/dicomFrameToImagePlane.js';
import { assertClose } from './assertClose.js';
import { bytes16, bytes8 } from './frameBytes.js';

const GREY_8: Omit<DicomFrame, 'frameData'> = {
  Rows: 2,
  Columns: 2,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 8,
  BitsStored: 8,
  HighBit: 7,
  PixelRepresentation: 0,
};

describe('dicomFrameToImagePlane, grey', () => {
  it('8-bit MONOCHROME2 with window 128/256: LINEAR gives (x - 127.5) / 255 + 0.5 = x / 255', () => {
    const plane = dicomFrameToImagePlane({
      ...GREY_8,
      WindowCenter: 128,
      WindowWidth: 256,
      frameData: bytes8([0, 51, 255, 128]),
    });
    assert.deepEqual([plane.width, plane.height, plane.channels], [2, 2, 1]);
    // bottom = 128 - 0.5 - 255/2 = 0 (x <= 0 -> 0); top = 128 - 0.5 + 255/2 = 255 (x > 255 -> 1)
    assertClose(plane.data, [0, 51 / 255, (255 - 127.5) / 255 + 0.5, 128 / 255]);
    assert.equal(plane.data[2], 1);
  });

  it('16-bit unsigned: masks to BitsStored, rescales, then applies the first of several windows', () => {
    // BitsStored 12: the top 4 bits (0xF000) are overlay garbage and must be dropped.
    const stored = [0, 600, 1000, 4095];
    const plane = dicomFrameToImagePlane({
      ...GREY_8,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      RescaleSlope: 2,
      RescaleIntercept: -1000,
      WindowCenter: [1000, 50],
      WindowWidth: [2001, 10],
      frameData: bytes16(stored.map((v) => v | 0xf000)),
    });
    // modality = 2 x - 1000 = [-1000, 200, 1000, 7190]; window 1000/2001: bottom -0.5, top 1999.5,
    // middle (m - 999.5) / 2000 + 0.5
    assertClose(plane.data, [0, (200 - 999.5) / 2000 + 0.5, (1000 - 999.5) / 2000 + 0.5, 1]);
    assertClose(plane.data, [0, 0.10025, 0.50025, 1]);
  });

  it('16-bit signed CT, BitsStored 12: sign-extends from bit 11 and ignores bits 12-15', () => {
    // 0xF800 -> 0x800 = -2048; 0xFFFF -> 0xFFF = -1; 0x0000 = 0; 0x07FF = 2047; 0x5001 -> 0x001 = 1
    const plane = dicomFrameToImagePlane({
      ...GREY_8,
      Rows: 1,
      Columns: 5,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 1,
      RescaleSlope: 0.5,
      RescaleIntercept: 20,
      WindowCenter: 0,
      WindowWidth: 101,
      frameData: bytes16([0xf800, 0xffff, 0x0000, 0x07ff, 0x5001]),
    });
    // modality = 0.5 s + 20 = [-1004, 19.5, 20, 1043.5, 20.5]; window 0/101: bottom -50.5, top 49.5,
    // middle (m + 0.5) / 100 + 0.5
    assertClose(plane.data, [0, 20 / 100 + 0.5, 20.5 / 100 + 0.5, 1, 21 / 100 + 0.5]);
  });

  it('reads BitsStored bits ending at HighBit when HighBit is above BitsStored - 1', () => {
    // BitsStored 8, HighBit 11: value = (raw >> 4) & 0xFF; 0xFAB0 -> 0xAB = 171, 0x0010 -> 1
    const plane = dicomFrameToImagePlane({
      ...GREY_8,
      Rows: 1,
      BitsAllocated: 16,
      HighBit: 11,
      WindowCenter: 128,
      WindowWidth: 256,
      frameData: bytes16([0xfab0, 0x0010]),
    });
    assertClose(plane.data, [171 / 255, 1 / 255]);
  });

  it('inverts MONOCHROME1 after windowing', () => {
    const plane = dicomFrameToImagePlane({
      ...GREY_8,
      PhotometricInterpretation: 'MONOCHROME1',
      WindowCenter: 128,
      WindowWidth: 256,
      frameData: bytes8([0, 51, 255, 128]),
    });
    assertClose(plane.data, [1, 1 - 51 / 255, 0, 1 - 128 / 255]);
  });

  it('without a window stretches the rescaled min..max of the frame onto 0..1', () => {
    const frame = { ...GREY_8, BitsAllocated: 16, BitsStored: 16, HighBit: 15, RescaleIntercept: -100 };
    // modality = [0, 100, 200, 400]: min 0, max 400
    const plane = dicomFrameToImagePlane({ ...frame, frameData: bytes16([100, 200, 300, 500]) });
    assertClose(plane.data, [0, 100 / 400, 200 / 400, 1]);
    const inverted = dicomFrameToImagePlane({
      ...frame,
      PhotometricInterpretation: 'MONOCHROME1',
      frameData: bytes16([100, 200, 300, 500]),
    });
    assertClose(inverted.data, [1, 0.75, 0.5, 0]);
  });

  it('maps a flat frame without a window to 0', () => {
    const plane = dicomFrameToImagePlane({ ...GREY_8, frameData: bytes8([7, 7, 7, 7]) });
    assertClose(plane.data, [0, 0, 0, 0]);
  });

  it('treats an empty window array as no window', () => {
    const plane = dicomFrameToImagePlane({
      ...GREY_8,
      WindowCenter: [],
      WindowWidth: [],
      frameData: bytes8([10, 20, 30, 50]),
    });
    assertClose(plane.data, [0, 0.25, 0.5, 1]);
  });

  it('accepts the data as any typed array over the little-endian bytes (an Int16Array from a decoder)', () => {
    const frameData = new Int16Array([-3, 5, 0, 1]);
    const fromInt16 = dicomFrameToImagePlane({
      ...GREY_8,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      frameData,
    });
    // min -3, max 5: (x + 3) / 8
    assertClose(fromInt16.data, [0, 1, 3 / 8, 4 / 8]);
  });
});

describe('dicomFrameToImagePlane, VOI LUT functions (PS3.3 C.11.2.1.2-3)', () => {
  const voi = (values: number[], VOILUTFunction: string, WindowCenter: number, WindowWidth: number) =>
    dicomFrameToImagePlane({
      ...GREY_8,
      Rows: 1,
      Columns: values.length,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      VOILUTFunction,
      WindowCenter,
      WindowWidth,
      frameData: bytes16(values),
    }).data;

  it('LINEAR 10/11: bottom 10 - 0.5 - 5 = 4.5, top 14.5, middle (x - 9.5) / 10 + 0.5', () => {
    assertClose(voi([4, 5, 12, 14, 15], 'LINEAR', 10, 11), [0, 0.05, 0.75, 0.95, 1]);
  });

  it('LINEAR with width 1 is a threshold at centre - 0.5', () => {
    assertClose(voi([9, 10, 11], 'LINEAR', 10, 1), [0, 1, 1]);
  });

  it('LINEAR_EXACT 50/100: (x - 50) / 100 + 0.5 between 0 and 100', () => {
    assertClose(voi([0, 25, 50, 100, 101], 'LINEAR_EXACT', 50, 100), [0, 0.25, 0.5, 1, 1]);
  });

  it('SIGMOID 50/100: 1 / (1 + exp(-4 (x - 50) / 100))', () => {
    assertClose(voi([50, 75, 25], 'SIGMOID', 50, 100), [0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))]);
  });
});

describe('dicomFrameToImagePlane, colour', () => {
  const RGB_8: Omit<DicomFrame, 'frameData'> = {
    ...GREY_8,
    Rows: 1,
    Columns: 2,
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
  };

  it('scales interleaved RGB to [0, 1] and ignores rescale and window', () => {
    const plane = dicomFrameToImagePlane({
      ...RGB_8,
      RescaleSlope: 3,
      WindowCenter: 10,
      WindowWidth: 2,
      frameData: bytes8([255, 0, 0, 0, 128, 255]),
    });
    assert.deepEqual([plane.width, plane.height, plane.channels], [2, 1, 3]);
    assertClose(plane.data, [1, 0, 0, 0, 128 / 255, 1]);
  });

  it('reads PlanarConfiguration 1 (R plane, G plane, B plane) into the same interleaved plane', () => {
    const interleaved = dicomFrameToImagePlane({ ...RGB_8, frameData: bytes8([255, 0, 0, 0, 128, 255]) });
    const planar = dicomFrameToImagePlane({
      ...RGB_8,
      PlanarConfiguration: 1,
      frameData: bytes8([255, 0, 0, 128, 0, 255]),
    });
    assert.deepEqual(planar, interleaved);
  });

  it('scales 16-bit RGB by 2^BitsStored - 1', () => {
    const plane = dicomFrameToImagePlane({
      ...RGB_8,
      Columns: 1,
      BitsAllocated: 16,
      BitsStored: 10,
      HighBit: 9,
      frameData: bytes16([1023, 0, 511]),
    });
    assertClose(plane.data, [1, 0, 511 / 1023]);
  });

  it('converts YBR_FULL to RGB (R = Y + 1.402 Cr, G = Y - 0.344136 Cb - 0.714136 Cr, B = Y + 1.772 Cb)', () => {
    const plane = dicomFrameToImagePlane({
      ...RGB_8,
      PhotometricInterpretation: 'YBR_FULL',
      frameData: bytes8([128, 128, 128, 76, 85, 255]),
    });
    // pixel 1: Cb = 85 - 128 = -43, Cr = 255 - 128 = 127
    // R = 76 + 1.402 x 127 = 254.054; G = 76 + 0.344136 x 43 - 0.714136 x 127 = 0.102576;
    // B = 76 - 1.772 x 43 = -0.196 -> clamped to 0
    assertClose(plane.data, [128 / 255, 128 / 255, 128 / 255, 254.054 / 255, 0.102576 / 255, 0]);
  });
});
