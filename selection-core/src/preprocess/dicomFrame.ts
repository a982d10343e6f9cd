/**
 * One decoded frame of a DICOM image and the attributes that say how to read its pixels. Property names are
 * the DICOM keywords, so an OHIF instance (naturalized metadata) or a dcmjs naturalized dataset can be spread
 * in directly. The attributes describe `frameData` as it is now: a browser that decoded a JPEG frame to RGB
 * passes PhotometricInterpretation 'RGB', whatever the file said.
 */
export interface DicomFrame {
  readonly Rows: number;
  readonly Columns: number;
  /** 1 for MONOCHROME1/2, 3 for RGB and YBR_FULL. */
  readonly SamplesPerPixel: number;
  /** MONOCHROME1, MONOCHROME2, RGB or YBR_FULL; anything else (PALETTE COLOR, YBR_FULL_422, ...) is rejected. */
  readonly PhotometricInterpretation: string;
  /** 8 or 16. */
  readonly BitsAllocated: number;
  readonly BitsStored: number;
  readonly HighBit: number;
  /** 0 unsigned, 1 two's complement. */
  readonly PixelRepresentation: number;
  /** Colour only: 0 interleaved (RGBRGB...), 1 one plane per sample (RR...GG...BB...). Absent means 0. */
  readonly PlanarConfiguration?: number | undefined;
  /** Modality LUT, grey only. Absent means 1. */
  readonly RescaleSlope?: number | undefined;
  /** Modality LUT, grey only. Absent means 0. */
  readonly RescaleIntercept?: number | undefined;
  /** VOI window, grey only; the first value is used when there are several. Absent: min/max of the frame. */
  readonly WindowCenter?: number | readonly number[] | undefined;
  readonly WindowWidth?: number | readonly number[] | undefined;
  /** LINEAR (default), LINEAR_EXACT or SIGMOID (PS3.3 C.11.2.1.2-3). */
  readonly VOILUTFunction?: string | undefined;
  /** This frame's pixel bytes, little-endian: exactly Rows * Columns * SamplesPerPixel * BitsAllocated / 8. */
  readonly frameData: ArrayBufferView;
}

/** An attribute (or the pixel data) is missing, inconsistent or unsupported; `attribute` is its keyword. */
export class DicomAttributeError extends RangeError {
  override readonly name = 'DicomAttributeError';
  readonly attribute: string;

  constructor(attribute: string, problem: string) {
    super(`${attribute}: ${problem}`);
    this.attribute = attribute;
  }
}
