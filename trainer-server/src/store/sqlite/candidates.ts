import { auditUnit } from '../auditUnit.js';
import { candidateId } from '../candidateId.js';
import type { Candidate, CandidateRef, CandidateStore } from '../ports.js';
import { checkModality, checkPositiveInteger } from '../validate.js';
import type { SqliteContext } from './context.js';

export interface CandidateRow {
  id: string;
  study_uid: string;
  series_uid: string;
  sop_uid: string;
  frame: number;
  modality: string;
  registered_at: string;
  audit_unit: number;
}

export function createCandidateStore(ctx: SqliteContext): CandidateStore {
  const insert = ctx.db.prepare<[string, string, string, string, number, string, string, number]>(
    `INSERT INTO candidates (id, study_uid, series_uid, sop_uid, frame, modality, registered_at, audit_unit)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const byId = ctx.db.prepare<[string], CandidateRow>('SELECT * FROM candidates WHERE id = ?');
  const count = ctx.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM candidates');
  // Keyset paging on the rowid, which grows with each insert: registration order, each page one indexed seek.
  const page = ctx.db.prepare<[number, number], CandidateRow & { seq: number }>(
    'SELECT rowid AS seq, * FROM candidates WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  // The UNIQUE (study_uid, ...) index serves this; the UIDs come as one JSON array parameter.
  const ofStudies = ctx.db.prepare<[string], CandidateRow>(
    `SELECT * FROM candidates WHERE study_uid IN (SELECT value FROM json_each(?))
     ORDER BY study_uid, series_uid, sop_uid, frame`,
  );
  const add = (ref: CandidateRef, at: string): boolean => {
    const id = candidateId(ref);
    const modality = checkModality(ref.modality);
    return (
      insert.run(
        id,
        ref.studyInstanceUid,
        ref.seriesInstanceUid,
        ref.sopInstanceUid,
        ref.frame,
        modality,
        at,
        auditUnit(ref.studyInstanceUid),
      ).changes === 1
    );
  };
  return {
    register(ref) {
      return ctx.write(() => {
        const created = add(ref, ctx.now());
        return { candidate: toCandidate(byId.get(candidateId(ref))!), created };
      });
    },
    registerMany(refs) {
      return ctx.write(() => {
        const at = ctx.now();
        let created = 0;
        for (const ref of refs) if (add(ref, at)) created++;
        return created;
      });
    },
    get(id) {
      const row = byId.get(id);
      return row && toCandidate(row);
    },
    count: () => count.get()!.n,
    *all(pageSize = 1000) {
      checkPositiveInteger('pageSize', pageSize);
      for (let after = 0; ;) {
        const rows = page.all(after, pageSize);
        for (const row of rows) yield toCandidate(row);
        if (rows.length < pageSize) return;
        after = rows[rows.length - 1]!.seq;
      }
    },
    ofStudies: (studyInstanceUids) => ofStudies.all(JSON.stringify(studyInstanceUids)).map(toCandidate),
  };
}

export function toCandidate(row: CandidateRow): Candidate {
  return {
    id: row.id,
    studyInstanceUid: row.study_uid,
    seriesInstanceUid: row.series_uid,
    sopInstanceUid: row.sop_uid,
    frame: row.frame,
    modality: row.modality,
    registeredAt: new Date(row.registered_at),
  };
}
