// The marks of OHIF's study list rows, fetched for the rows on screen in one request: each row's cell asks
// for its study when it mounts, and the asks of one render go out together. Nothing is kept past the answer,
// so a list shown again after labeling asks again and never shows marks that were true before.
import type { RankingDto, StudyMarkDto, StudyMarksDto } from '@aift/contract';

/** One study's marks, with what its rank is a place in. */
export interface StudyMarkView {
  readonly mark: StudyMarkDto;
  readonly ranking: RankingDto | null;
  /** Frames ranked by the ranking version (the pool), for "5th of 300". */
  readonly ranked: number;
  readonly modelVersion: string | null;
}

export type LoadStudyMark = (studyInstanceUid: string) => Promise<StudyMarkView>;

/** How long asks gather before they go out as one request: one render of the list. */
const GATHER_MS = 20;
/** The server's limit per request (StudyMarksQuerySchema). */
const MAX_PER_REQUEST = 200;

export function createStudyMarksLoader(
  fetchMarks: (studyInstanceUids: readonly string[]) => Promise<StudyMarksDto>,
): LoadStudyMark {
  let waiting = new Map<string, { resolve: (v: StudyMarkView) => void; reject: (e: unknown) => void }[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const batch = waiting;
    waiting = new Map();
    const uids = [...batch.keys()];
    for (let i = 0; i < uids.length; i += MAX_PER_REQUEST) {
      const part = uids.slice(i, i + MAX_PER_REQUEST);
      fetchMarks(part).then(
        (reply) => {
          const answered = new Set(reply.studies.map((mark) => mark.studyInstanceUid));
          for (const uid of part.filter((u) => !answered.has(u))) {
            for (const asker of batch.get(uid) ?? []) asker.reject(new Error(`no marks for study ${uid}`));
          }
          for (const mark of reply.studies) {
            const view = {
              mark,
              ranking: reply.ranking,
              ranked: reply.ranked,
              modelVersion: reply.modelVersion,
            };
            for (const asker of batch.get(mark.studyInstanceUid) ?? []) asker.resolve(view);
          }
        },
        (error: unknown) => {
          for (const uid of part) for (const asker of batch.get(uid) ?? []) asker.reject(error);
        },
      );
    }
  };

  return (studyInstanceUid) =>
    new Promise<StudyMarkView>((resolve, reject) => {
      waiting.set(studyInstanceUid, [...(waiting.get(studyInstanceUid) ?? []), { resolve, reject }]);
      timer ??= setTimeout(flush, GATHER_MS);
    });
}
