export { NATIVE_TRANSFER_SYNTAXES, openDicomPart10, readDicomFramePlane } from './openDicomPart10.js';
export type { DicomPart10Image } from './openDicomPart10.js';
export { UnsupportedTransferSyntaxError } from './unsupportedTransferSyntaxError.js';
