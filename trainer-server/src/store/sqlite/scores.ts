import { NotFoundError } from '../errors.js';
import type { ScoreStore } from '../ports.js';
import { checkFinite, checkName, checkUnitInterval } from '../validate.js';
import type { SqliteContext } from './context.js';
import { RANKING_VERSION_SQL } from './rankingVersion.js';

interface ScoreRow {
  candidate_id: string;
  worthiness: number;
  entropy: number;
  diversity: number;
  predicted_class: string;
  probability: number;
}

export function createScoreStore(ctx: SqliteContext): ScoreStore {
  const { db } = ctx;
  const versionExists = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM model_versions WHERE version = ?',
  );
  const clear = db.prepare<[string]>('DELETE FROM scores WHERE model_version = ?');
  const insert = db.prepare<[string, string, number, number, number, string, number]>(
    'INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const one = db.prepare<[string, string], ScoreRow>(
    'SELECT * FROM scores WHERE model_version = ? AND candidate_id = ?',
  );
  const count = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM scores WHERE model_version = ?',
  );
  const countAbove = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM scores WHERE model_version = ? AND worthiness > ?',
  );
  const ranking = db.prepare<[], { version: string | null }>(`SELECT ${RANKING_VERSION_SQL} AS version`);

  return {
    replaceForVersion(modelVersion, scores, by) {
      return ctx.write(() => {
        if (!versionExists.get(modelVersion)) throw new NotFoundError('model version', modelVersion);
        const removed = clear.run(modelVersion).changes;
        let stored = 0;
        for (const s of scores) {
          const where = `score of candidate ${s.candidateId}`;
          insert.run(
            modelVersion,
            s.candidateId,
            checkFinite(`${where}: worthiness`, s.worthiness),
            checkFinite(`${where}: entropy`, s.entropy),
            checkFinite(`${where}: diversity`, s.diversity),
            checkName(`${where}: predictedClass`, s.predictedClass),
            checkUnitInterval(`${where}: probability`, s.probability),
          );
          stored++;
        }
        ctx.audit(by.name, 'scores.replace', `model:${modelVersion}`, { stored, removed });
        return stored;
      });
    },
    rankingVersion() {
      return ranking.get()?.version ?? null;
    },
    get(modelVersion, candidateId) {
      const row = one.get(modelVersion, candidateId);
      return (
        row && {
          candidateId: row.candidate_id,
          worthiness: row.worthiness,
          entropy: row.entropy,
          diversity: row.diversity,
          predictedClass: row.predicted_class,
          probability: row.probability,
        }
      );
    },
    count: (modelVersion) => count.get(modelVersion)!.n,
    countAbove: (modelVersion, worthiness) => countAbove.get(modelVersion, worthiness)!.n,
  };
}
