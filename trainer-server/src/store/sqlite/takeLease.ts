import type Database from 'better-sqlite3';
import type { Lease } from '../ports.js';

/**
 * Prepares the write that gives a candidate's lease to an annotator until `expiresAt` (taking it over when
 * expired, renewing it when theirs); call the result inside a write transaction that checked it was free.
 */
export function prepareTakeLease(
  db: Database.Database,
): (candidateId: string, annotator: string, worthiness: number, now: string, expiresAt: string) => Lease {
  const take = db.prepare<[string, string, string, string]>(
    `INSERT INTO leases VALUES (?, ?, ?, ?)
     ON CONFLICT (candidate_id) DO UPDATE SET annotator = excluded.annotator, leased_at = excluded.leased_at,
       expires_at = excluded.expires_at`,
  );
  return (candidateId, annotator, worthiness, now, expiresAt) => {
    take.run(candidateId, annotator, now, expiresAt);
    return { candidateId, annotator, worthiness, leasedAt: new Date(now), expiresAt: new Date(expiresAt) };
  };
}
