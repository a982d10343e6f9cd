import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationMetrics, rocAuc } from '../../../trainer-server/src/evaluation/metrics.js';
import {
  areaUnderLearningCurve,
  aucAtBudget,
  labelsToReach,
  savings,
} from '../../../trainer-server/src/evaluation/learningCurve.js';

describe('rocAuc', () => {
  it('counts correctly ordered positive/negative pairs, ties as one half', () => {
    // Positives 0.8, 0.4; negatives 0.6, 0.2: pairs (0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2) = 3 of 4.
    const scores = Float64Array.from([0.8, 0.4, 0.6, 0.2]);
    assert.equal(
      rocAuc(scores, (i) => i < 2),
      0.75,
    );
    // Positive 0.5, negatives 0.5 and 0.1: one tie (1/2) and one win: 1.5 / 2.
    assert.equal(
      rocAuc(Float64Array.from([0.5, 0.5, 0.1]), (i) => i === 0),
      0.75,
    );
    assert.ok(Number.isNaN(rocAuc(Float64Array.from([0.1, 0.2]), () => true)));
  });
});

describe('classificationMetrics', () => {
  it('gives AUC, accuracy, sensitivity and specificity for two classes', () => {
    // P(class 1) = 0.9, 0.3, 0.6, 0.2 for labels 1, 1, 0, 0: predicted 1, 0, 1, 0.
    const p = Float32Array.from([0.1, 0.9, 0.7, 0.3, 0.4, 0.6, 0.8, 0.2]);
    const m = classificationMetrics(p, Int32Array.from([1, 1, 0, 0]), 2);
    assert.ok(Math.abs(m.auc - 0.75) < 1e-12); // pairs: 0.9>0.6, 0.9>0.2, 0.3<0.6, 0.3>0.2
    assert.equal(m.accuracy, 0.5);
    assert.equal(m.sensitivity, 0.5);
    assert.equal(m.specificity, 0.5);
  });

  it('macro-averages one-vs-rest AUCs for more classes', () => {
    // Perfectly separated three classes: every one-vs-rest AUC is 1.
    const p = Float32Array.from([0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]);
    const m = classificationMetrics(p, Int32Array.from([0, 1, 2]), 3);
    assert.equal(m.auc, 1);
    assert.equal(m.accuracy, 1);
    assert.equal(m.sensitivity, undefined);
  });

  it('rejects mismatched shapes', () => {
    assert.throws(
      () => classificationMetrics(new Float32Array(3), Int32Array.from([0, 1]), 2),
      /probabilities hold 3 values, expected 2 x 2/,
    );
  });
});

describe('learning curves', () => {
  const curve = [
    { labels: 0, auc: 0.5, accuracy: 0.5 },
    { labels: 10, auc: 0.7, accuracy: 0.6 },
    { labels: 30, auc: 0.9, accuracy: 0.8 },
  ];

  it('normalises the area to a mean AUC over the budget, from the first labeled evaluation', () => {
    // The zero-label point (an untrained head) is left out: one trapezoid, 20 * 0.8 over 20 labels.
    assert.ok(Math.abs(areaUnderLearningCurve(curve) - 0.8) < 1e-12);
    const longer = [...curve, { labels: 40, auc: 0.7, accuracy: 0.7 }];
    // 20 * 0.8 + 10 * 0.8 = 24 over 30 labels.
    assert.ok(Math.abs(areaUnderLearningCurve(longer) - 0.8) < 1e-12);
    assert.equal(areaUnderLearningCurve(curve.slice(0, 2)), 0.7);
    assert.ok(Number.isNaN(areaUnderLearningCurve(curve.slice(0, 1))));
  });

  it('finds labels to a target, AUC at a budget, and savings against random', () => {
    assert.equal(labelsToReach(curve, 0.7), 10);
    assert.equal(labelsToReach(curve, 0.95), null);
    assert.equal(aucAtBudget(curve, 20), 0.7);
    assert.equal(aucAtBudget(curve, 31), null);
    assert.equal(savings(10, 40), 0.75);
    assert.equal(savings(null, 40), null);
  });
});
