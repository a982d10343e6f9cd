import type { FrameRef, SeriesStrip } from '../services/types.js';

/** Where a frame sits in the strip's series (0-based), or null when it is not one of its frames. */
export function frameIndex(strip: SeriesStrip, frame: FrameRef | null): number | null {
  if (frame === null || frame.seriesInstanceUid !== strip.seriesInstanceUid) return null;
  const index = strip.frames.findIndex(
    (f) => f.sopInstanceUid === frame.sopInstanceUid && f.frame === frame.frame,
  );
  return index < 0 ? null : index;
}
