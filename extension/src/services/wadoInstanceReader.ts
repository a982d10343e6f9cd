import { api } from 'dicomweb-client';
import type { FrameRef, ViewerPort } from './types.js';

/** The part of dicomweb-client's DICOMwebClient used here, typed as it behaves (its declarations differ). */
interface InstanceRetriever {
  /** The first part of the multipart/related; type="application/dicom" answer. */
  retrieveInstance(o: {
    studyInstanceUID: string;
    seriesInstanceUID: string;
    sopInstanceUID: string;
  }): Promise<unknown>;
}

/**
 * Reads a whole Part-10 instance over WADO-RS from the viewer's own data source, the way the trainer server
 * does (DicomWebImageSource), so both decode the same bytes. A client per call: headers may be refreshed.
 */
export function createWadoInstanceReader(
  viewer: Pick<ViewerPort, 'wadoRoot' | 'authorizationHeader'>,
): (frame: FrameRef) => Promise<Uint8Array> {
  return async (frame) => {
    const client = new api.DICOMwebClient({
      url: viewer.wadoRoot(),
      headers: viewer.authorizationHeader(),
      verbose: false,
      singlepart: false,
    }) as unknown as InstanceRetriever;
    const body = await client.retrieveInstance({
      studyInstanceUID: frame.studyInstanceUid,
      seriesInstanceUID: frame.seriesInstanceUid,
      sopInstanceUID: frame.sopInstanceUid,
    });
    if (!(body instanceof ArrayBuffer)) {
      throw new Error(`WADO-RS gave no application/dicom part for instance ${frame.sopInstanceUid}`);
    }
    return new Uint8Array(body);
  };
}
