import type { LabelExport, LabelExportRow } from '../ports.js';
import type { SqliteContext } from './context.js';

export function createLabelExport(ctx: SqliteContext): LabelExport {
  const rows = ctx.db.prepare<[], LabelExportRow>(`
    SELECT l.id AS labelId, l.candidate_id AS candidateId, c.study_uid AS studyInstanceUid,
           c.series_uid AS seriesInstanceUid, c.sop_uid AS sopInstanceUid, c.frame, c.modality,
           l.annotator, l.value, l.note, l.created_at AS createdAt, l.retracted_at AS retractedAt,
           l.retracted_by AS retractedBy
    FROM labels l JOIN candidates c ON c.id = l.candidate_id
    ORDER BY l.id`);
  return { allLabels: () => rows.all() };
}
