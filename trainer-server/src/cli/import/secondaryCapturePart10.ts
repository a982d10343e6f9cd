// The one Secondary Capture writer of the command line: `npm start`'s demo images and `npm run import --
// dataset` both make their DICOM files here, so the two cannot drift apart.
import dcmjs from 'dcmjs';

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Where the instance sits and who it belongs to; every UID must be a valid DICOM UID (<= 64 chars). */
export interface SecondaryCaptureIds {
  readonly patientName: string;
  readonly patientId: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly studyId: string;
  readonly accessionNumber: string;
  /** YYYYMMDD and HHMMSS, or '' when unknown (the attributes are type 2: present, may be empty). */
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyDescription: string;
  readonly seriesDescription: string;
  readonly seriesNumber: number;
  readonly instanceNumber: number;
  /** SYN for images made in code, WSD for images converted at a workstation. */
  readonly conversionType: 'SYN' | 'WSD';
  /** Written as ImplementationClassUID in the file meta. */
  readonly implementationClassUid: string;
}

/** 8-bit pixels, row-major; for 3 channels interleaved RGB (R, G, B of pixel 0, then pixel 1, ...). */
export interface SecondaryCapturePixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

/**
 * A single-frame 8-bit Secondary Capture Part-10 file (Explicit VR Little Endian): MONOCHROME2 for one
 * channel, RGB for three. The same arguments give the same bytes, so storing it twice stores nothing new.
 */
export function secondaryCapturePart10(ids: SecondaryCaptureIds, pixels: SecondaryCapturePixels): Uint8Array {
  const { width, height, channels, data } = pixels;
  if (data.length !== width * height * channels) {
    throw new RangeError(`pixels hold ${data.length} bytes, not ${width} x ${height} x ${channels}`);
  }
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: SECONDARY_CAPTURE,
      MediaStorageSOPInstanceUID: ids.sopInstanceUid,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
      ImplementationClassUID: ids.implementationClassUid,
    }),
  );
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: ids.sopInstanceUid,
    PatientName: ids.patientName,
    PatientID: ids.patientId,
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyInstanceUID: ids.studyInstanceUid,
    StudyID: ids.studyId,
    StudyDate: ids.studyDate,
    StudyTime: ids.studyTime,
    AccessionNumber: ids.accessionNumber,
    ReferringPhysicianName: '',
    StudyDescription: ids.studyDescription,
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: ids.seriesNumber,
    SeriesDescription: ids.seriesDescription,
    InstanceNumber: ids.instanceNumber,
    Modality: 'OT',
    ConversionType: ids.conversionType,
    BurnedInAnnotation: 'NO',
    SamplesPerPixel: channels,
    PhotometricInterpretation: channels === 1 ? 'MONOCHROME2' : 'RGB',
    ...(channels === 3 && { PlanarConfiguration: 0 }),
    Rows: height,
    Columns: width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    PixelData: [data.slice().buffer],
    _vrMap: { PixelData: 'OB' },
  });
  return new Uint8Array(dict.write());
}
