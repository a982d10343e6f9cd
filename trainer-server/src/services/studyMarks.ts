// What a list of studies (OHIF's study list) marks on each row for one reader: their own answers on the
// study's frames, the frames they hold, the frames another reader holds, and the place of its most worthy
// frame the reader has not labeled in the ranking that orders the worklist. Others' answers are left out
// (only how many frames others have labeled): under blind review a reader must not see them.
import type { Store } from '../store/index.js';
import { readerAnswer } from './readerAnswer.js';

export interface StudyMark {
  readonly studyInstanceUid: string;
  /** Frames of the study in the pool (0: the study holds no candidate). */
  readonly candidates: number;
  /** The reader's current answers (latest, not retracted), one per labeled frame, in frame order. */
  readonly labeledByYou: readonly string[];
  /** Frames the reader has not labeled that another reader has (their answers are not given). */
  readonly labeledByOthers: number;
  /** Frames of the study on the reader's worklist (unexpired leases). */
  readonly heldByYou: number;
  /** Frames another reader holds: they are not served to this one. */
  readonly heldByOthers: number;
  /** The study's most worthy frame that the reader has not labeled, under the ranking version; else null. */
  readonly worthiest: {
    readonly candidateId: string;
    readonly worthiness: number;
    /** 1-based place in the ranking version's order of the whole pool (ties share a place). */
    readonly rank: number;
  } | null;
}

export interface StudyMarks {
  /** The version whose scores rank the pool (ScoreStore.rankingVersion); null before any model. */
  readonly modelVersion: string | null;
  /** One per asked study, in the order asked. */
  readonly studies: readonly StudyMark[];
}

export function studyMarks(
  store: Pick<Store, 'candidates' | 'labels' | 'leases' | 'scores'>,
  annotator: string,
  studyInstanceUids: readonly string[],
): StudyMarks {
  const version = store.scores.rankingVersion();
  const holder = new Map(store.leases.active().map((lease) => [lease.candidateId, lease.annotator]));
  const candidates = store.candidates.ofStudies(studyInstanceUids);
  const studies = studyInstanceUids.map((studyInstanceUid): StudyMark => {
    const frames = candidates.filter((c) => c.studyInstanceUid === studyInstanceUid);
    const labeledByYou: string[] = [];
    let labeledByOthers = 0;
    let worthiest: { candidateId: string; worthiness: number } | null = null;
    for (const frame of frames) {
      const answer = readerAnswer(store, frame.id, annotator);
      if (answer !== null) {
        labeledByYou.push(answer);
        continue;
      }
      const labels = store.labels.forCandidate(frame.id);
      if (labels.some((label) => label.annotator !== annotator && label.retracted === null))
        labeledByOthers++;
      const score = version === null ? undefined : store.scores.get(version, frame.id);
      if (score !== undefined && (worthiest === null || score.worthiness > worthiest.worthiness)) {
        worthiest = { candidateId: frame.id, worthiness: score.worthiness };
      }
    }
    const held = frames.map((frame) => holder.get(frame.id)).filter((name) => name !== undefined);
    return {
      studyInstanceUid,
      candidates: frames.length,
      labeledByYou,
      labeledByOthers,
      heldByYou: held.filter((name) => name === annotator).length,
      heldByOthers: held.filter((name) => name !== annotator).length,
      worthiest:
        worthiest === null || version === null
          ? null
          : { ...worthiest, rank: store.scores.countAbove(version, worthiest.worthiness) + 1 },
    };
  });
  return { modelVersion: version, studies };
}
