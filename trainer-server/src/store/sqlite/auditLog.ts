import type { AuditAction, AuditEntry, AuditLog, AuditQuery, JsonObject } from '../ports.js';
import { checkName, checkPositiveInteger, checkText } from '../validate.js';
import type { SqliteContext } from './context.js';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
}

const MAX_LIMIT = 10_000;

export function createAuditLog(ctx: SqliteContext): AuditLog {
  const byId = ctx.db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE id = ?');
  const query = ctx.db.prepare<Record<string, string | number | null>, AuditRow>(`
    SELECT * FROM audit_log
    WHERE id > :afterId
      AND (:actor IS NULL OR actor = :actor)
      AND (:action IS NULL OR action = :action)
      AND (:subject IS NULL OR subject = :subject)
    ORDER BY id LIMIT :limit`);
  return {
    append(actor: string, action: AuditAction, subject: string, details: JsonObject = {}) {
      checkName('actor', actor);
      checkText('subject', subject, 256);
      const id = ctx.write(() => ctx.audit(actor, action, subject, details));
      return toEntry(byId.get(id)!);
    },
    list(q: AuditQuery = {}) {
      const limit = q.limit === undefined ? MAX_LIMIT : checkPositiveInteger('limit', q.limit, MAX_LIMIT);
      const rows = query.all({
        afterId: q.afterId ?? 0,
        actor: q.actor ?? null,
        action: q.action ?? null,
        subject: q.subject ?? null,
        limit,
      });
      return rows.map(toEntry);
    },
  };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action as AuditAction,
    subject: row.subject,
    details: JSON.parse(row.details) as JsonObject,
  };
}
