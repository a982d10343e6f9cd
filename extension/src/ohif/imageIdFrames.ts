// Which DICOM frame a Cornerstone imageId shows. OHIF's DICOMweb data source builds WADO-RS imageIds,
// `wadors:<root>/studies/<study>/series/<series>/instances/<sop>/frames/<n>`, which name all four parts.
import type { FrameRef } from '../services/types.js';
import type { DisplaySet } from './ohifTypes.js';

const WADORS_FRAME = /\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)\/frames\/(\d+)/;

/**
 * The frame an imageId shows. WADO-RS imageIds are read directly; any other scheme is matched against the
 * display set's instances by SOP Instance UID (frame 1: such imageIds carry no WADO-RS frame number).
 */
export function frameOfImageId(imageId: string, displaySet?: DisplaySet): FrameRef | null {
  const match = WADORS_FRAME.exec(imageId);
  if (match) {
    const [, studyInstanceUid, seriesInstanceUid, sopInstanceUid, frame] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    return { studyInstanceUid, seriesInstanceUid, sopInstanceUid, frame: Number(frame) };
  }
  const instance = displaySet?.instances?.find((candidate) => imageId.includes(candidate.SOPInstanceUID));
  if (!displaySet || !instance) return null;
  return {
    studyInstanceUid: displaySet.StudyInstanceUID,
    seriesInstanceUid: displaySet.SeriesInstanceUID,
    sopInstanceUid: instance.SOPInstanceUID,
    frame: 1,
  };
}

/** Every frame of a display set, in its instance order: frames 1..NumberOfFrames of each instance. */
export function framesOfDisplaySet(displaySet: DisplaySet): FrameRef[] {
  return (displaySet.instances ?? []).flatMap((instance) => {
    const count = Math.max(1, Number(instance.NumberOfFrames ?? 1) || 1);
    return Array.from({ length: count }, (_, index) => ({
      studyInstanceUid: displaySet.StudyInstanceUID,
      seriesInstanceUid: displaySet.SeriesInstanceUID,
      sopInstanceUid: instance.SOPInstanceUID,
      frame: index + 1,
    }));
  });
}

export function sameFrame(a: FrameRef | null, b: FrameRef | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.sopInstanceUid === b.sopInstanceUid &&
    a.frame === b.frame &&
    a.seriesInstanceUid === b.seriesInstanceUid &&
    a.studyInstanceUid === b.studyInstanceUid
  );
}
