import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  LabelsSavedEstimate,
  LabelsSavedStatus,
} from '../../../trainer-server/src/evaluation/labelsSaved.js';
import { validateEstimates } from '../../../trainer-server/src/simulation/estimatorValidation.js';

/** Random labeling's seed-mean curve: AUC 0.70 at 16 labels up to 0.90 at 64. */
const baseline = [16, 32, 48, 64].map((labels, i) => ({ labels, auc: 0.7 + 0.0667 * i, accuracy: 0 }));

const estimateOf = (
  status: LabelsSavedStatus,
  value: number | null,
  low: number | null,
  high: number | null,
) => ({ status, saved: { value, low, high } }) as unknown as LabelsSavedEstimate;

describe('validateEstimates', () => {
  it('takes the truth from the baseline curve at the run’s AUC, and counts coverage and true statements', () => {
    const runs = [
      {
        // AUC 0.80 at 16 labels: random needs 48 (0.8334 >= 0.80), so 32 were saved.
        seed: 1,
        estimates: [
          {
            labels: 16,
            auditLabels: 12,
            auditedAuc: 0.8,
            evaluatedAuc: 0.8,
            labelsSaved: estimateOf('saving', 30, 10, 50),
          },
        ],
      },
      {
        // AUC 0.70 at 16: random needs 16, no saving; the estimate says "saving" and its interval misses 0.
        seed: 2,
        estimates: [
          {
            labels: 16,
            auditLabels: 12,
            auditedAuc: 0.7,
            evaluatedAuc: 0.7,
            labelsSaved: estimateOf('saving', 20, 5, 40),
          },
        ],
      },
      {
        // AUC 0.95 at 16: random never gets there within 64 labels, so the truth is above 48.
        seed: 3,
        estimates: [
          {
            labels: 16,
            auditLabels: 12,
            auditedAuc: 0.95,
            evaluatedAuc: 0.95,
            labelsSaved: estimateOf('not-yet-measurable', null, -4, null),
          },
        ],
      },
      {
        seed: 4,
        estimates: [{ labels: 16, auditLabels: 6, auditedAuc: null, evaluatedAuc: 0.75, labelsSaved: null }],
      },
    ];
    const [at16] = validateEstimates(runs, baseline);
    assert.ok(at16);
    assert.deepEqual(
      at16.checks.map((c) => c.truth),
      [32, 0, null, 16],
    );
    assert.equal(at16.checks[2]!.censoredAbove, 48);
    assert.deepEqual(at16.statuses, { saving: 2, 'not-saving': 0, 'not-yet-measurable': 1, 'no metric': 1 });
    // Errors: 30 - 32 and 20 - 0; the unbounded point estimate and the missing one have none.
    assert.deepEqual(at16.error, { n: 2, median: -2, q25: -2, q75: 20 });
    // Covered: seed 1 (10..50 holds 32) and seed 3 (no upper bound, truth above 48); not seed 2.
    assert.deepEqual(at16.coverage, { covered: 2, of: 3 });
    assert.deepEqual(
      at16.checks.map((c) => c.statementTrue),
      [true, false, null, null],
    );
    assert.deepEqual(at16.statements, { true: 1, of: 2 });
  });

  it('judges "not saving" true only when random labeling needs no more labels, and groups by checkpoint', () => {
    const run = (seed: number, auc: number, status: LabelsSavedStatus) => ({
      seed,
      estimates: [
        {
          labels: 16,
          auditLabels: 10,
          auditedAuc: 0.6,
          evaluatedAuc: 0.6,
          labelsSaved: estimateOf('not-yet-measurable', 0, -10, 10),
        },
        {
          labels: 32,
          auditLabels: 14,
          auditedAuc: auc,
          evaluatedAuc: auc,
          labelsSaved: estimateOf(status, -10, -20, -1),
        },
      ],
    });
    const checkpoints = validateEstimates([run(1, 0.76, 'not-saving'), run(2, 0.83, 'not-saving')], baseline);
    assert.deepEqual(
      checkpoints.map((c) => c.labels),
      [16, 32],
    );
    // 0.76 is reached by random at 32 labels (truth 0: no saving); 0.83 only at 48 (a saving of 16).
    assert.deepEqual(
      checkpoints[1]!.checks.map((c) => [c.truth, c.statementTrue, c.covered]),
      [
        [0, true, false],
        [16, false, false],
      ],
    );
    assert.deepEqual(checkpoints[0]!.coverage, { covered: 2, of: 2 });
  });
});
