import { ConflictError, NotFoundError } from '../errors.js';
import type { JsonObject, LatestPointer, ModelStore, ModelVersion, NewModelVersion } from '../ports.js';
import { checkText, checkVersion } from '../validate.js';
import type { SqliteContext } from './context.js';

interface ModelRow {
  seq: number;
  version: string;
  parent: string | null;
  created_at: string;
  sha256: string;
  metrics: string;
  model_card: string;
}

interface PointerRow {
  version: string;
  moved_at: string;
  moved_by: string;
  seq: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function createModelStore(ctx: SqliteContext): ModelStore {
  const { db } = ctx;
  const byVersion = db.prepare<[string], ModelRow>('SELECT * FROM model_versions WHERE version = ?');
  const all = db.prepare<[], ModelRow>('SELECT * FROM model_versions ORDER BY seq');
  const insert = db.prepare<[string, string | null, string, string, string, string]>(
    `INSERT INTO model_versions (version, parent, created_at, sha256, metrics, model_card)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertLabel = db.prepare<[string, string, string]>('INSERT INTO model_labels VALUES (?, ?, ?)');
  const labelsOf = db.prepare<[string], { candidate_id: string; value: string }>(
    'SELECT candidate_id, value FROM model_labels WHERE model_version = ?',
  );
  const latest = db.prepare<[], PointerRow>(
    `SELECT p.version, p.moved_at, p.moved_by, m.seq FROM pointers p
     JOIN model_versions m ON m.version = p.version WHERE p.name = 'latest'`,
  );
  const moveLatest = db.prepare<[string, string, string]>(
    `INSERT INTO pointers VALUES ('latest', ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, moved_at = excluded.moved_at,
       moved_by = excluded.moved_by`,
  );
  const readLatest = (): LatestPointer | undefined => {
    const row = latest.get();
    return row && { version: row.version, movedAt: new Date(row.moved_at), movedBy: row.moved_by };
  };

  return {
    register(model: NewModelVersion, by) {
      checkVersion('version', model.version);
      if (model.parent !== null) checkVersion('parent', model.parent);
      if (!SHA256.test(model.sha256)) throw new RangeError('sha256 must be 64 lowercase hex digits');
      const metrics = json('metrics', model.metrics);
      const card = json('modelCard', model.modelCard);
      return ctx.write(() => {
        if (byVersion.get(model.version))
          throw new ConflictError(`model version ${model.version} already exists`);
        if (model.parent !== null && !byVersion.get(model.parent))
          throw new NotFoundError('parent model version', model.parent);
        const at = ctx.now();
        insert.run(model.version, model.parent, at, model.sha256, metrics, card);
        for (const [candidateId, value] of model.labels ?? [])
          insertLabel.run(model.version, candidateId, value);
        const previous = readLatest()?.version ?? null;
        moveLatest.run(model.version, at, by.name);
        ctx.audit(by.name, 'model.register', `model:${model.version}`, {
          parent: model.parent,
          sha256: model.sha256,
          previousLatest: previous,
        });
        return toModel(byVersion.get(model.version)!);
      });
    },
    get(version) {
      const row = byVersion.get(version);
      return row && toModel(row);
    },
    list: () => all.all().map(toModel),
    latest: readLatest,
    labelsOf: (version) => new Map(labelsOf.all(version).map((row) => [row.candidate_id, row.value])),
    rollback(toVersion, by, reason) {
      const why = reason === undefined ? null : checkText('reason', reason, 2000);
      return ctx.write(() => {
        const target = byVersion.get(toVersion);
        if (!target) throw new NotFoundError('model version', toVersion);
        const current = latest.get();
        if (!current || target.seq >= current.seq) {
          throw new ConflictError(
            `cannot roll back to ${toVersion}: it is not older than the latest version (${current?.version ?? 'none'})`,
          );
        }
        moveLatest.run(toVersion, ctx.now(), by.name);
        ctx.audit(by.name, 'model.rollback', `model:${toVersion}`, {
          from: current.version,
          to: toVersion,
          reason: why,
        });
        return readLatest()!;
      });
    },
  };
}

function json(field: string, value: JsonObject): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${field} must be a JSON object`);
  }
  return JSON.stringify(value);
}

function toModel(row: ModelRow): ModelVersion {
  return {
    version: row.version,
    parent: row.parent,
    createdAt: new Date(row.created_at),
    sha256: row.sha256,
    metrics: JSON.parse(row.metrics) as JsonObject,
    modelCard: JSON.parse(row.model_card) as JsonObject,
  };
}
