import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Label, LabelStore, NewLabel } from '../ports.js';
import { checkName, checkText } from '../validate.js';
import type { SqliteContext } from './context.js';

interface LabelRow {
  id: number;
  candidate_id: string;
  annotator: string;
  value: string;
  note: string | null;
  idempotency_key: string;
  created_at: string;
  retracted_at: string | null;
  retracted_by: string | null;
}

const MAX_NOTE = 2000;

export function createLabelStore(ctx: SqliteContext): LabelStore {
  const { db } = ctx;
  const byKey = db.prepare<[string, string], LabelRow>(
    'SELECT * FROM labels WHERE annotator = ? AND idempotency_key = ?',
  );
  const byId = db.prepare<[number], LabelRow>('SELECT * FROM labels WHERE id = ?');
  const ofCandidate = db.prepare<[string], LabelRow>(
    'SELECT * FROM labels WHERE candidate_id = ? ORDER BY id',
  );
  const candidateExists = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM candidates WHERE id = ?',
  );
  const insert = db.prepare<[string, string, string, string | null, string, string]>(
    `INSERT INTO labels (candidate_id, annotator, value, note, idempotency_key, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const releaseLease = db.prepare<[string, string]>(
    'DELETE FROM leases WHERE candidate_id = ? AND annotator = ?',
  );
  const markRetracted = db.prepare<[string, string, number]>(
    'UPDATE labels SET retracted_at = ?, retracted_by = ? WHERE id = ? AND retracted_at IS NULL',
  );

  return {
    record(input: NewLabel) {
      checkName('annotator', input.annotator);
      checkName('value', input.value);
      checkText('idempotencyKey', input.idempotencyKey, 128);
      if (input.idempotencyKey.length === 0) throw new RangeError('idempotencyKey must not be empty');
      const note = input.note === undefined ? null : checkText('note', input.note, MAX_NOTE);
      return ctx.write(() => {
        const stored = byKey.get(input.annotator, input.idempotencyKey);
        if (stored) {
          if (
            stored.candidate_id !== input.candidateId ||
            stored.value !== input.value ||
            stored.note !== note
          ) {
            throw new ConflictError(
              `idempotency key "${input.idempotencyKey}" of ${input.annotator} was already used for label ` +
                `${stored.id} with a different candidate, value or note`,
            );
          }
          return { label: toLabel(stored), created: false };
        }
        if (!candidateExists.get(input.candidateId)) throw new NotFoundError('candidate', input.candidateId);
        const id = Number(
          insert.run(input.candidateId, input.annotator, input.value, note, input.idempotencyKey, ctx.now())
            .lastInsertRowid,
        );
        releaseLease.run(input.candidateId, input.annotator);
        ctx.audit(input.annotator, 'label.record', `label:${id}`, {
          candidateId: input.candidateId,
          value: input.value,
        });
        return { label: toLabel(byId.get(id)!), created: true };
      });
    },
    retract(labelId, by) {
      return ctx.write(() => {
        const row = byId.get(labelId);
        if (!row) throw new NotFoundError('label', labelId);
        if (row.annotator !== by.name && by.role !== 'admin') {
          // The message goes to the caller as is: it must not name the label's annotator (blind review).
          throw new ForbiddenError(
            `label ${labelId} is not yours: only its annotator or an admin may retract it`,
          );
        }
        if (markRetracted.run(ctx.now(), by.name, labelId).changes === 1) {
          ctx.audit(by.name, 'label.retract', `label:${labelId}`, {
            candidateId: row.candidate_id,
            value: row.value,
          });
        }
        return toLabel(byId.get(labelId)!);
      });
    },
    get(labelId) {
      const row = byId.get(labelId);
      return row && toLabel(row);
    },
    forCandidate: (candidateId) => ofCandidate.all(candidateId).map(toLabel),
  };
}

function toLabel(row: LabelRow): Label {
  return {
    id: row.id,
    candidateId: row.candidate_id,
    annotator: row.annotator,
    value: row.value,
    note: row.note,
    idempotencyKey: row.idempotency_key,
    createdAt: new Date(row.created_at),
    retracted:
      row.retracted_at === null || row.retracted_by === null
        ? null
        : { at: new Date(row.retracted_at), by: row.retracted_by },
  };
}
