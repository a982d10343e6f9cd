// Synthetic Secondary Capture Part-10 files, written by dcmjs in the test itself.
// dcmjs has no types; dicom-image/types/dcmjs.d.ts declares them (included by test/tsconfig.json).
import { deflateRawSync } from 'node:zlib';
import dcmjs from 'dcmjs';

export const TRANSFER_SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
} as const;

const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

/**
 * A Secondary Capture Part-10 file holding `dataset` (DICOM keywords, as dcmjs naturalizes them) and
 * `pixelData`, the whole pixel data element (all frames).
 */
export function makePart10(
  transferSyntaxUid: string,
  dataset: Record<string, unknown>,
  pixelData: Uint8Array,
  pixelVr: 'OB' | 'OW' = 'OW',
): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SECONDARY_CAPTURE,
    MediaStorageSOPInstanceUID: '2.25.1234567890',
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: '2.25.987654321',
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: '2.25.1234567890',
    Modality: 'OT',
    ConversionType: 'WSD',
    ...dataset,
    PixelData: [pixelData.slice().buffer],
    _vrMap: { PixelData: pixelVr },
  });
  const file = new Uint8Array(dict.write());
  return transferSyntaxUid === TRANSFER_SYNTAX.deflatedExplicitLittle ? deflate(file) : file;
}

/**
 * dcmjs reads deflated files but writes the data set of one uncompressed (as explicit little endian, with
 * the deflated UID in the meta group): deflate everything after the file meta group.
 */
function deflate(file: Uint8Array): Uint8Array {
  // 128-byte preamble, "DICM", then (0002,0000) UL: tag 4 + VR 2 + length 2 + value 4 = 12 bytes.
  const metaEnd = 132 + 12 + new DataView(file.buffer, file.byteOffset).getUint32(132 + 8, true);
  return new Uint8Array(Buffer.concat([file.subarray(0, metaEnd), deflateRawSync(file.subarray(metaEnd))]));
}
