import { decideConsensus } from '../decideConsensus.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Adjudication, Consensus, ConsensusStore } from '../ports.js';
import { SKIP, UNSURE } from '../ports.js';
import { checkName, checkPositiveInteger, checkText } from '../validate.js';
import type { SqliteContext } from './context.js';
import { currentVotes } from './currentVotes.js';

interface AdjudicationRow {
  candidate_id: string;
  value: string;
  adjudicated_by: string;
  adjudicated_at: string;
  reason: string | null;
}

export function createConsensusStore(ctx: SqliteContext): ConsensusStore {
  const { db } = ctx;
  type Vote = { candidate_id: string; value: string };
  const votesOf = db.prepare<[string], Vote>(currentVotes('AND candidate_id = ?'));
  const allVotes = db.prepare<[], Vote>(currentVotes(''));
  const adjudicationOf = db.prepare<[string], AdjudicationRow>(
    'SELECT * FROM adjudications WHERE candidate_id = ?',
  );
  const allAdjudications = db.prepare<[], AdjudicationRow>('SELECT * FROM adjudications');
  const candidateExists = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM candidates WHERE id = ?',
  );
  const candidateCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM candidates');
  const upsert = db.prepare<[string, string, string, string, string | null]>(
    `INSERT INTO adjudications VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (candidate_id) DO UPDATE SET value = excluded.value, adjudicated_by = excluded.adjudicated_by,
       adjudicated_at = excluded.adjudicated_at, reason = excluded.reason`,
  );

  const of = (candidateId: string): Consensus => {
    const adjudication = adjudicationOf.get(candidateId);
    const votes = votesOf.all(candidateId).map((v) => v.value);
    return decideConsensus(candidateId, votes, adjudication ? toAdjudication(adjudication) : null);
  };

  /** Every candidate with votes or an adjudication; read in one snapshot so the two queries agree. */
  const all = db.transaction((): Consensus[] => {
    const votes = new Map<string, string[]>();
    for (const { candidate_id, value } of allVotes.iterate()) {
      const list = votes.get(candidate_id);
      if (list) list.push(value);
      else votes.set(candidate_id, [value]);
    }
    const adjudications = new Map(
      allAdjudications.all().map((row) => [row.candidate_id, toAdjudication(row)]),
    );
    const ids = [...new Set([...votes.keys(), ...adjudications.keys()])].sort();
    return ids.map((id) => decideConsensus(id, votes.get(id) ?? [], adjudications.get(id) ?? null));
  });

  return {
    of(candidateId) {
      return db
        .transaction(() => {
          if (!candidateExists.get(candidateId)) throw new NotFoundError('candidate', candidateId);
          return of(candidateId);
        })
        .deferred();
    },
    listLabeled: () => all.deferred().filter((c) => c.value !== null),
    needingAdjudication: () => all.deferred().filter((c) => c.needsAdjudication),
    adjudicate(candidateId, value, by, reason) {
      if (by.role !== 'admin') throw new ForbiddenError(`${by.name} is not an admin and may not adjudicate`);
      checkName('value', value);
      if (value === SKIP || value === UNSURE)
        throw new RangeError(`an adjudication must be a class, not "${value}"`);
      const why = reason === undefined ? null : checkText('reason', reason, 2000);
      return ctx.write(() => {
        if (!candidateExists.get(candidateId)) throw new NotFoundError('candidate', candidateId);
        const before = of(candidateId);
        upsert.run(candidateId, value, by.name, ctx.now(), why);
        ctx.audit(by.name, 'consensus.adjudicate', `candidate:${candidateId}`, {
          value,
          previous: before.value,
          previousStatus: before.status,
          votes: before.votes,
          reason: why,
        });
        return of(candidateId);
      });
    },
    counts(readsPerCase = 1) {
      checkPositiveInteger('readsPerCase', readsPerCase);
      const [consensus, candidates] = db
        .transaction(() => [all(), candidateCount.get()!.n] as const)
        .deferred();
      const multiply = consensus.filter((c) => Object.values(c.votes).reduce((a, b) => a + b, 0) >= 2);
      const agreeing = multiply.filter((c) => Object.keys(c.votes).length === 1).length;
      return {
        candidates,
        labeled: consensus.length,
        complete: consensus.filter(
          (c) =>
            c.status === 'adjudicated' || Object.values(c.votes).reduce((a, b) => a + b, 0) >= readsPerCase,
        ).length,
        withConsensus: consensus.filter((c) => c.value !== null).length,
        needingAdjudication: consensus.filter((c) => c.needsAdjudication).length,
        adjudicated: consensus.filter((c) => c.status === 'adjudicated').length,
        multiplyLabeled: multiply.length,
        agreementRate: multiply.length === 0 ? null : agreeing / multiply.length,
      };
    },
  };
}

function toAdjudication(row: AdjudicationRow): Adjudication {
  return { value: row.value, by: row.adjudicated_by, at: new Date(row.adjudicated_at), reason: row.reason };
}
