import type { AuditSampleStore } from '../ports.js';
import { checkName, checkPositiveInteger, checkShare } from '../validate.js';
import type { SqliteContext } from './context.js';
import { MAX_TTL_MS } from './leases.js';
import { RANKING_VERSION_SQL } from './rankingVersion.js';
import { prepareTakeLease } from './takeLease.js';

interface MemberRow {
  candidate_id: string;
  drawn_at: string;
  ranking_version: string | null;
}

export function createAuditSampleStore(ctx: SqliteContext): AuditSampleStore {
  const { db } = ctx;
  // The reserved part of the unlabeled pool the worklist serves from, less what is held, in a fixed order so
  // that the draw is the caller's seeded index and nothing else.
  const eligible = `
    FROM scores s JOIN candidates c ON c.id = s.candidate_id
    WHERE s.model_version = ${RANKING_VERSION_SQL}
      AND c.audit_unit < :share
      AND NOT EXISTS (SELECT 1 FROM labels x WHERE x.candidate_id = s.candidate_id AND x.retracted_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM adjudications a WHERE a.candidate_id = s.candidate_id)
      AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.candidate_id = s.candidate_id AND l.expires_at > :now)`;
  const countEligible = db.prepare<{ now: string; share: number }, { n: number }>(
    `SELECT count(*) AS n ${eligible}`,
  );
  const nth = db.prepare<
    { now: string; share: number; offset: number },
    { candidate_id: string; worthiness: number }
  >(`SELECT s.candidate_id, s.worthiness ${eligible} ORDER BY s.candidate_id LIMIT 1 OFFSET :offset`);
  const ranking = db.prepare<[], { version: string | null }>(`SELECT ${RANKING_VERSION_SQL} AS version`);
  const insert = db.prepare<[string, string, string, string | null]>(
    'INSERT INTO audit_sample VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const has = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM audit_sample WHERE candidate_id = ?',
  );
  const list = db.prepare<[], MemberRow>('SELECT * FROM audit_sample ORDER BY drawn_at, rowid');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_sample');
  const take = prepareTakeLease(db);

  return {
    drawAndLease(annotator, ttlMs, share, pick) {
      checkName('annotator', annotator);
      checkPositiveInteger('ttlMs', ttlMs, MAX_TTL_MS);
      checkShare(share);
      return ctx.write(() => {
        const now = ctx.now();
        const available = countEligible.get({ now, share })!.n;
        if (available === 0) return null;
        const offset = pick(available);
        if (!Number.isInteger(offset) || offset < 0 || offset >= available) {
          throw new RangeError(`pick must return an integer in [0, ${available}), got ${offset}`);
        }
        const drawn = nth.get({ now, share, offset })!;
        insert.run(drawn.candidate_id, now, annotator, ranking.get()?.version ?? null);
        const expiresAt = new Date(Date.parse(now) + ttlMs).toISOString();
        return take(drawn.candidate_id, annotator, drawn.worthiness, now, expiresAt);
      });
    },
    has: (candidateId) => has.get(candidateId) !== undefined,
    list: () =>
      list.all().map((row) => ({
        candidateId: row.candidate_id,
        drawnAt: new Date(row.drawn_at),
        rankingVersion: row.ranking_version,
      })),
    count: () => count.get()!.n,
  };
}
