// The label rules: who labels, retracts and adjudicates, what a new label may start, and the audited export.
import type { Logger } from 'pino';
import type { Actor, Consensus, Label, LabelExportRow, NewLabel, Store } from '../store/ports.js';
import type { TrainingService } from './TrainingService.js';

export interface LabelServiceOptions {
  readonly store: Pick<Store, 'labels' | 'consensus' | 'exports' | 'audit'>;
  readonly training: Pick<TrainingService, 'maybeTrain'>;
  /** `training.trigger === 'every'`: a new label may start a job (`TrainingService.maybeTrain`). */
  readonly autoTrain: boolean;
  readonly logger: Pick<Logger, 'warn'>;
}

/** A label as the annotator submits it: the annotator comes from authentication, never from the body. */
export type LabelSubmission = Omit<NewLabel, 'annotator' | 'note'> & { readonly note?: string | undefined };

export class LabelService {
  readonly #o: LabelServiceOptions;

  constructor(options: LabelServiceOptions) {
    this.#o = options;
  }

  /** Stores the label as `by`'s (a retry with the same idempotency key is a replay: `created` false). */
  submit(submission: LabelSubmission, by: Actor): { readonly label: Label; readonly created: boolean } {
    const { note, ...rest } = submission;
    const recorded = this.#o.store.labels.record({
      ...rest,
      ...(note === undefined ? {} : { note }),
      annotator: by.name,
    });
    if (recorded.created && this.#o.autoTrain) this.#maybeTrain(by);
    return recorded;
  }

  /** Only the label's annotator or an admin may retract it; the row stays, marked retracted. */
  retract(labelId: number, by: Actor): Label {
    return this.#o.store.labels.retract(labelId, by);
  }

  /** Every label ever stored, retracted ones included; the download itself is audited. */
  exportAll(by: Actor, format: 'csv' | 'json'): readonly LabelExportRow[] {
    const rows = this.#o.store.exports.allLabels();
    this.#o.store.audit.append(by.name, 'labels.export', 'labels', { format, rows: rows.length });
    return rows;
  }

  /** Candidates whose votes disagree and that no admin has decided yet. */
  needingAdjudication(): readonly Consensus[] {
    return this.#o.store.consensus.needingAdjudication();
  }

  /** An admin's decision on a candidate's class; it overrides the votes and is audited. */
  adjudicate(candidateId: string, value: string, by: Actor, reason?: string): Consensus {
    return this.#o.store.consensus.adjudicate(candidateId, value, by, reason);
  }

  #maybeTrain(by: Actor): void {
    // The label is stored: a refused training start must not turn its submission into an error.
    try {
      this.#o.training.maybeTrain(by);
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'could not start training after a label');
    }
  }
}
