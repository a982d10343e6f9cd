import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPercent, formatScore } from '../../../extension/src/components/format.js';
import { frameIndex } from '../../../extension/src/components/frameIndex.js';
import { labelingHotkeys } from '../../../extension/src/components/hotkeys.js';
import { learningCurveLayout } from '../../../extension/src/components/learningCurveLayout.js';
import { mostWorthy, stripLevels } from '../../../extension/src/components/stripLevels.js';
import type { CurvePoint, FrameRef, SeriesStrip } from '../../../extension/src/services/types.js';

describe('stripLevels and mostWorthy', () => {
  it('scales scored frames to [0, 1] within the series and keeps NaN for unscored ones', () => {
    const levels = stripLevels(new Float64Array([2, NaN, 4, 3]));
    assert.deepEqual([...levels.filter((v) => !Number.isNaN(v))], [0, 1, 0.5]);
    assert.ok(Number.isNaN(levels[1]));
    assert.deepEqual([...stripLevels([7, 7])], [0.5, 0.5], 'equal scores sit in the middle');
    assert.equal(stripLevels([NaN, NaN]).every(Number.isNaN), true);
  });

  it('finds the most worthy scored frame, or null before any is scored', () => {
    assert.equal(mostWorthy([NaN, 0.2, 0.9, NaN, 0.5]), 2);
    assert.equal(mostWorthy([NaN, NaN]), null);
  });
});

describe('frameIndex', () => {
  const frames: FrameRef[] = [1, 2, 3].map((frame) => ({
    studyInstanceUid: '1',
    seriesInstanceUid: '1.1',
    sopInstanceUid: '1.1.1',
    frame,
  }));
  const strip: SeriesStrip = {
    seriesInstanceUid: '1.1',
    modelVersion: 'v1',
    worthiness: new Float64Array(3),
    frames,
  };

  it('locates a frame of the series, and nothing of another series', () => {
    assert.equal(frameIndex(strip, frames[2]!), 2);
    assert.equal(frameIndex(strip, { ...frames[0]!, seriesInstanceUid: '9' }), null);
    assert.equal(frameIndex(strip, { ...frames[0]!, frame: 7 }), null);
    assert.equal(frameIndex(strip, null), null);
  });
});

describe('labelingHotkeys', () => {
  it('numbers the first nine classes, then skip, unsure, next and undo', () => {
    const classes = Array.from({ length: 11 }, (_, i) => `c${i}`);
    const hotkeys = labelingHotkeys(classes);
    assert.deepEqual(
      hotkeys.map((h) => h.keys),
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', 's', 'u', 'n', 'ctrl+z'],
    );
    assert.deepEqual(hotkeys[0]!.action, { kind: 'label', value: 'c0' });
    assert.deepEqual(hotkeys[9]!.action, { kind: 'label', value: 'skip' });
    assert.deepEqual(hotkeys[10]!.action, { kind: 'label', value: 'unsure' });
    assert.equal(hotkeys[12]!.ariaKeys, 'Control+Z');
  });
});

describe('learningCurveLayout', () => {
  const box = { width: 100, height: 60, left: 10, right: 10, top: 5, bottom: 5 };
  const point = (
    version: string,
    labeled: number,
    metric: number | null,
    interval: CurvePoint['interval'] = metric === null ? null : { low: metric, high: metric },
  ): CurvePoint => ({
    version,
    createdAt: '2026-01-01T00:00:00Z',
    labeled,
    coldStart: false,
    metric,
    metricName: 'AUC',
    interval,
    auditImages: metric === null ? 0 : 20,
    unavailable: metric === null ? '0 audit labels so far; a metric needs 10' : null,
  });

  it('puts labels on x and the metric on y, over the data range widened to tenths', () => {
    const layout = learningCurveLayout(
      [point('v2', 200, 0.82), point('v1', 100, 0.71), point('v0', 0, null)],
      box,
    );
    assert.deepEqual(layout.metricRange, [0.7, 0.9]);
    assert.deepEqual(layout.labeledRange, [100, 200]);
    assert.deepEqual(
      layout.points.map((p) => p.point.version),
      ['v1', 'v2'],
      'versions without a metric are left out; the rest go by labels',
    );
    const [first, second] = layout.points;
    assert.equal(first!.x, 10);
    assert.equal(second!.x, 90);
    assert.ok(Math.abs(first!.y - (5 + (1 - 0.01 / 0.2) * 50)) < 1e-9);
    assert.ok(Math.abs(second!.y - (5 + (1 - 0.12 / 0.2) * 50)) < 1e-9);
  });

  it('centres a single version and keeps a perfect metric inside the plot', () => {
    const layout = learningCurveLayout([point('v1', 50, 1)], box);
    assert.deepEqual(layout.metricRange, [0.9, 1]);
    assert.equal(layout.points[0]!.x, 50);
    assert.equal(layout.points[0]!.y, 5);
  });

  it('widens the range to take in each point’s interval, and places the interval’s ends', () => {
    const layout = learningCurveLayout(
      [point('v1', 100, 0.71, { low: 0.45, high: 0.9 }), point('v2', 200, 0.82, { low: 0.7, high: 0.93 })],
      box,
    );
    assert.deepEqual(layout.metricRange, [0.4, 1]);
    const [first] = layout.points;
    assert.ok(Math.abs(first!.yLow! - (5 + (1 - 0.05 / 0.6) * 50)) < 1e-9);
    assert.ok(Math.abs(first!.yHigh! - (5 + (1 - 0.5 / 0.6) * 50)) < 1e-9);
  });

  it('has no points before an audited metric exists', () => {
    assert.equal(learningCurveLayout([point('v1', 10, null)], box).points.length, 0);
  });
});

describe('format', () => {
  it('rounds for reading and shows a dash for missing values', () => {
    assert.equal(formatPercent(0.8734), '87.3%');
    assert.equal(formatPercent(null), '—');
    assert.equal(formatScore(0.41237), '0.412');
    assert.equal(formatScore(NaN), '—');
  });
});
