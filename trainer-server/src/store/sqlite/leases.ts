import type { LeaseBatch, LeaseStore } from '../ports.js';
import { checkName, checkPositiveInteger, checkShare } from '../validate.js';
import type { SqliteContext } from './context.js';
import { currentVotes } from './currentVotes.js';
import { RANKING_VERSION_SQL } from './rankingVersion.js';
import { prepareTakeLease } from './takeLease.js';

interface LeaseRow {
  candidate_id: string;
  annotator: string;
  worthiness: number;
  leased_at: string;
  expires_at: string;
}

const MAX_BATCH = 1000;
export const MAX_TTL_MS = 7 * 24 * 3600 * 1000;

export function createLeaseStore(ctx: SqliteContext): LeaseStore {
  const { db } = ctx;
  // Candidates scored by the ranking model (latest, or its parent until latest's scores are stored) that
  // this annotator has no current label on, free or expired or already theirs, and (under a reads cap) either
  // still short of reads or held by this annotator (finished by others while on their screen: their label is
  // still wanted, and they are no new reader). The ones they hold first (a rescoring must not take the case
  // on their screen away), then best first (ties by id, so the order is the same on every call).
  const pick = db.prepare<
    { annotator: string; now: string; n: number; readsPerCase: number | null; auditShare: number },
    { candidate_id: string; worthiness: number }
  >(`
    SELECT s.candidate_id, s.worthiness
    FROM scores s
    JOIN candidates c ON c.id = s.candidate_id
    LEFT JOIN leases l ON l.candidate_id = s.candidate_id
    WHERE s.model_version = ${RANKING_VERSION_SQL}
      AND (l.candidate_id IS NULL OR l.expires_at <= :now OR l.annotator = :annotator)
      AND (c.audit_unit >= :auditShare OR (l.annotator = :annotator AND l.expires_at > :now))
      AND NOT EXISTS (SELECT 1 FROM labels x
                      WHERE x.candidate_id = s.candidate_id AND x.annotator = :annotator AND x.retracted_at IS NULL)
      AND (:readsPerCase IS NULL
           OR (l.annotator = :annotator AND l.expires_at > :now)
           OR (SELECT count(*) FROM (${currentVotes('AND candidate_id = s.candidate_id')})) < :readsPerCase)
    ORDER BY CASE WHEN l.annotator = :annotator AND l.expires_at > :now THEN 0 ELSE 1 END,
      s.worthiness DESC, s.candidate_id
    LIMIT :n`);
  const ranking = db.prepare<[], { version: string | null }>(`SELECT ${RANKING_VERSION_SQL} AS version`);
  const take = prepareTakeLease(db);
  const release = db.prepare<[string, string]>('DELETE FROM leases WHERE annotator = ? AND candidate_id = ?');
  const active = db.prepare<{ annotator: string | null; now: string }, LeaseRow>(`
    SELECT l.*, coalesce(s.worthiness, 0) AS worthiness FROM leases l
    LEFT JOIN scores s ON s.model_version = ${RANKING_VERSION_SQL} AND s.candidate_id = l.candidate_id
    WHERE l.expires_at > :now AND (:annotator IS NULL OR l.annotator = :annotator)
    ORDER BY worthiness DESC, l.candidate_id`);

  return {
    leaseNext(annotator, n, ttlMs, { readsPerCase, auditShare = 0 } = {}) {
      checkName('annotator', annotator);
      checkPositiveInteger('n', n, MAX_BATCH);
      checkPositiveInteger('ttlMs', ttlMs, MAX_TTL_MS);
      if (readsPerCase !== undefined) checkPositiveInteger('readsPerCase', readsPerCase);
      checkShare(auditShare, 'auditShare');
      return ctx.write((): LeaseBatch => {
        const now = ctx.now();
        const expiresAt = new Date(Date.parse(now) + ttlMs).toISOString();
        const picked = pick.all({ annotator, now, n, readsPerCase: readsPerCase ?? null, auditShare });
        const leases = picked.map(({ candidate_id, worthiness }) =>
          take(candidate_id, annotator, worthiness, now, expiresAt),
        );
        // Read in the same write transaction as `pick`, so no scoring can land between them.
        return { leases, rankingVersion: ranking.get()?.version ?? null };
      });
    },
    release(annotator, candidateIds) {
      return ctx.write(() => candidateIds.reduce((n, id) => n + release.run(annotator, id).changes, 0));
    },
    active(annotator) {
      return active.all({ annotator: annotator ?? null, now: ctx.now() }).map((row) => ({
        candidateId: row.candidate_id,
        annotator: row.annotator,
        worthiness: row.worthiness,
        leasedAt: new Date(row.leased_at),
        expiresAt: new Date(row.expires_at),
      }));
    },
  };
}
