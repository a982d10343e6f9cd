import { createHash } from 'node:crypto';
import type { DatasetSplit } from '../datasets/labeledDataset.js';
import type { Candidate, CandidateQuery, FetchedFrame, FrameRef, ImageSource } from '../pacs/ports.js';

/** Explicit VR Little Endian: the pixels come as they are, uncompressed. */
const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/**
 * A labeled data set's images as the trainer sees a PACS (`simulate --as-product`): one study, one series and
 * one single-frame instance per image, with UIDs derived from the image's id under the 2.25 root, so the
 * product's study-level audit reserve and everything keyed by UID behave as on a real PACS. Only the split's
 * images are served; the labels stay with the caller (the simulated readers).
 */
export class DatasetImageSource implements ImageSource {
  readonly #split: DatasetSplit;
  readonly #candidates: Candidate[];
  readonly #indexOfSop: Map<string, number>;

  constructor(split: DatasetSplit, modality = 'OT') {
    this.#split = split;
    this.#candidates = split.ids.map((id, index) => {
      const [study, series, sop] = ['study', 'series', 'instance'].map((level) => uidOf(`${level}|${id}`));
      const { width, height } = split.images[index]!;
      return {
        id: `${sop!}/1`,
        studyInstanceUid: study!,
        seriesInstanceUid: series!,
        sopInstanceUid: sop!,
        frame: 1,
        modality,
        numberOfFrames: 1,
        rows: height,
        columns: width,
      };
    });
    this.#indexOfSop = new Map(this.#candidates.map((c, index) => [c.sopInstanceUid, index]));
  }

  /** The split's index of the image with this SOP Instance UID (undefined for an unknown one). */
  indexOf(sopInstanceUid: string): number | undefined {
    return this.#indexOfSop.get(sopInstanceUid);
  }

  /** Every image, in the split's order; a query's paging applies, its filters match everything. */
  listCandidates(query: CandidateQuery = {}): Promise<Candidate[]> {
    const offset = query.offset ?? 0;
    return Promise.resolve(
      this.#candidates.slice(offset, query.limit === undefined ? undefined : offset + query.limit),
    );
  }

  fetchFrame(frame: FrameRef): Promise<FetchedFrame> {
    const index = this.#indexOfSop.get(frame.sopInstanceUid);
    if (index === undefined || frame.frame !== 1) {
      return Promise.reject(new RangeError(`no frame ${frame.frame} of instance ${frame.sopInstanceUid}`));
    }
    return Promise.resolve({
      path: 'instance',
      transferSyntaxUid: EXPLICIT_LITTLE_ENDIAN,
      plane: this.#split.images[index]!,
    });
  }
}

/** A UID under 2.25 (a UUID as a decimal integer, DICOM PS3.5 B.2) made from the sha256 of `key`. */
function uidOf(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
