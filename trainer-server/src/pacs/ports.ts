import type { ImagePlane } from '@aift/selection-core';

/**
 * What to register as candidates. Every filter is optional; they combine with AND. Paging counts
 * candidates (frames), in the order the PACS lists studies, series and instances.
 */
export interface CandidateQuery {
  readonly studyInstanceUid?: string;
  /** Modality of the series (CT, MR, ...); studies are pre-filtered on ModalitiesInStudy. */
  readonly modality?: string;
  /** Inclusive StudyDate range, each end YYYYMMDD; an absent end is open. */
  readonly studyDate?: { readonly from?: string; readonly to?: string };
  readonly series?: {
    readonly seriesInstanceUid?: string;
    /** QIDO matching: `*` and `?` are wildcards. */
    readonly seriesDescription?: string;
  };
  /** At most this many candidates (a positive integer); absent: all. */
  readonly limit?: number;
  /** Candidates to skip first (a non-negative integer); absent: 0. */
  readonly offset?: number;
}

/** Where one frame lives on the PACS: enough to fetch it. */
export interface FrameRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  /** The DICOM frame number, 1-based, as WADO-RS `/frames/N` and the store count (store/README.md). */
  readonly frame: number;
}

/** One frame of one image instance. Carries no patient name, ID or other demographics. */
export interface Candidate extends FrameRef {
  /** `${sopInstanceUid}/${frame}`: unique across the PACS. */
  readonly id: string;
  readonly modality: string;
  readonly numberOfFrames: number;
  readonly rows: number;
  readonly columns: number;
}

export interface FetchFrameOptions {
  /** 'auto' (default): the DICOM instance, the rendered frame only when its transfer syntax is compressed. */
  readonly path?: 'auto' | 'rendered';
}

/**
 * A frame's pixels in [0, 1] and how they were obtained. 'instance': the Part-10 instance (WADO-RS) through
 * the shared preprocessing, as the browser computes it. 'rendered': the PACS's 8- or 16-bit rendering
 * (WADO-RS /frames/N/rendered, PNG) divided by its maximum, so the window is the one the PACS chose.
 */
export type FetchedFrame =
  | { readonly path: 'instance'; readonly transferSyntaxUid: string; readonly plane: ImagePlane }
  | {
      readonly path: 'rendered';
      readonly reason: 'requested' | 'unsupported-transfer-syntax';
      /** The instance's transfer syntax when it was fetched first and found compressed. */
      readonly transferSyntaxUid?: string;
      readonly plane: ImagePlane;
    };

/** The PACS seen from the trainer: list candidate frames, fetch one frame's pixels. */
export interface ImageSource {
  listCandidates(query?: CandidateQuery): Promise<Candidate[]>;
  fetchFrame(frame: FrameRef, options?: FetchFrameOptions): Promise<FetchedFrame>;
}
