// The labels-saved estimator on random learning curves whose truth is known: a noiseless inverse power law,
// the same with noise, and curves too short or too noisy to support a statement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '@aift/selection-core';
import {
  fitInversePowerLaw,
  labelsToReach,
  valueAt,
} from '../../../trainer-server/src/evaluation/inversePowerLaw.js';
import { estimateLabelsSaved } from '../../../trainer-server/src/evaluation/labelsSaved.js';
import type { RandomCurveSample } from '../../../trainer-server/src/evaluation/labelsSaved.js';
import { LabelsSavedSchema } from '@aift/contract';

// Random labeling's true curve: AUC(n) = 0.95 - 0.5 / sqrt(n); it reaches 0.90 at n = 100.
const TRUE = { a: 0.95, b: 0.5, c: 0.5 };
const COUNTS = [4, 8, 15, 28, 52];

function samples(noise: number, seed = 1, repeats = 4): RandomCurveSample[] {
  const rng = createRng(seed);
  return COUNTS.flatMap((labels) =>
    Array.from({ length: repeats }, () => ({
      labels,
      auc: Math.min(1, valueAt(TRUE, labels) + noise * (rng.next() - 0.5) * 2),
    })),
  );
}
const resamplesAround = (auc: number, spread: number) =>
  Float64Array.from({ length: 2000 }, (_, i) => auc + spread * ((i % 41) / 20 - 1));

describe('fitInversePowerLaw', () => {
  it('recovers a noiseless curve and inverts it', () => {
    const fit = fitInversePowerLaw(COUNTS.map((n) => ({ n, y: valueAt(TRUE, n) })));
    assert.ok(Math.abs(fit.a - 0.95) < 1e-6 && Math.abs(fit.b - 0.5) < 1e-6 && Math.abs(fit.c - 0.5) < 1e-9);
    assert.ok(Math.abs(labelsToReach(fit, 0.9) - 100) < 1e-3);
    assert.equal(labelsToReach(fit, 0.95), Infinity, 'the plateau itself is never reached');
  });

  it('never puts the plateau above 1, and reads a falling curve as flat', () => {
    const steep = fitInversePowerLaw([
      { n: 4, y: 0.7 },
      { n: 8, y: 0.9 },
      { n: 16, y: 0.99 },
    ]);
    assert.ok(steep.a <= 1);
    const falling = fitInversePowerLaw([
      { n: 4, y: 0.8 },
      { n: 8, y: 0.75 },
      { n: 16, y: 0.7 },
    ]);
    assert.deepEqual([falling.b, Math.round(falling.a * 100) / 100], [0, 0.75]);
    assert.equal(labelsToReach(falling, 0.7), 1);
    assert.equal(labelsToReach(falling, 0.8), Infinity);
  });

  it('refuses fewer than three label counts', () => {
    assert.throws(
      () =>
        fitInversePowerLaw([
          { n: 4, y: 0.7 },
          { n: 8, y: 0.8 },
        ]),
      /three or more/,
    );
  });
});

describe('estimateLabelsSaved', () => {
  const input = { auditLabels: 70, auc: 0.9, aucResamples: resamplesAround(0.9, 0.005) };

  it('states a saving when random labeling needs more labels, within the interval', () => {
    const estimate = estimateLabelsSaved({ ...input, samples: samples(0.005), usedLabels: 40 });
    assert.equal(estimate.status, 'saving', estimate.statement);
    assert.ok(Math.abs(estimate.randomLabels!.value! - 100) <= 10, estimate.statement);
    assert.ok(estimate.saved!.low! > 0 && estimate.saved!.low! <= estimate.saved!.value!);
    assert.match(
      estimate.statement,
      /^About \d+ labels saved vs labeling at random \(95% interval \d+ to \d+\)/,
    );
  });

  it('says plainly when the selection is not beating random', () => {
    const estimate = estimateLabelsSaved({ ...input, samples: samples(0.005), usedLabels: 300 });
    assert.equal(estimate.status, 'not-saving', estimate.statement);
    assert.ok(estimate.saved!.high! < 0);
    assert.match(
      estimate.statement,
      /^The selection is not saving labels: labeling at random would reach this AUC/,
    );
  });

  it('is not yet measurable when the interval takes in no saving', () => {
    const estimate = estimateLabelsSaved({
      ...input,
      aucResamples: resamplesAround(0.9, 0.04),
      samples: samples(0.08),
      usedLabels: 100,
    });
    assert.equal(estimate.status, 'not-yet-measurable', estimate.statement);
    assert.ok(estimate.saved!.low === null || estimate.saved!.low <= 0);
    assert.ok(estimate.saved!.high === null || estimate.saved!.high >= 0);
  });

  it('counts a target the random curve already reached as reached there, whatever the fitted plateau', () => {
    const perfect = COUNTS.map((labels) => ({ labels, auc: 1 }));
    const estimate = estimateLabelsSaved({
      ...input,
      auc: 1,
      aucResamples: new Float64Array([1]),
      samples: perfect,
      usedLabels: 30,
    });
    assert.equal(estimate.status, 'not-saving', estimate.statement);
    assert.equal(estimate.randomLabels!.value, 4);
  });

  it('reads a target just below the fitted plateau as no bound, so the reply stays valid', () => {
    // Random labeling's curve (plateau 0.95) gets within 1e-9 of it only after about 10^17 labels.
    const estimate = estimateLabelsSaved({
      ...input,
      auc: 0.95 - 1e-9,
      aucResamples: new Float64Array([0.95 - 1e-9]),
      samples: samples(0),
      usedLabels: 40,
    });
    assert.equal(estimate.randomLabels!.value, null, estimate.statement);
    assert.equal(estimate.saved!.value, null);
    assert.equal(estimate.status, 'saving');
    assert.match(estimate.statement, /About an unbounded number of labels saved .*no bound/);
    // The API's own schema (the reply of GET /api/progress and the model card) accepts it.
    assert.deepEqual(LabelsSavedSchema.parse(estimate), estimate);
  });

  it('does not try below 20 audit labels, or on fewer than three label counts', () => {
    const few = estimateLabelsSaved({ ...input, auditLabels: 12, samples: samples(0), usedLabels: 40 });
    assert.equal(few.status, 'not-yet-measurable');
    assert.equal(
      few.statement,
      'Labels saved vs random: not yet measurable (12 audit labels; the estimate needs 20).',
    );
    assert.equal(few.saved, null);
    const short = estimateLabelsSaved({
      ...input,
      samples: samples(0).filter((s) => s.labels < 15),
      usedLabels: 40,
    });
    assert.match(short.statement, /fewer than three points/);
  });
});
