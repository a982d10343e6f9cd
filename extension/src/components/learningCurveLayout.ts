import type { CurvePoint } from '../services/types.js';

export interface PlottedPoint {
  readonly x: number;
  readonly y: number;
  readonly point: CurvePoint & { readonly metric: number };
  /** Where the metric's 95% interval ends, when it has one. */
  readonly yLow: number | null;
  readonly yHigh: number | null;
}

export interface CurveLayout {
  /** Versions with a metric, by labels used (the paper's axes: performance against annotation cost). */
  readonly points: readonly PlottedPoint[];
  /** The metric at the bottom and top edges: the data's range (intervals included) widened to tenths. */
  readonly metricRange: readonly [number, number];
  readonly labeledRange: readonly [number, number];
}

export interface PlotBox {
  readonly width: number;
  readonly height: number;
  /** Space left around the plot area for the axis labels. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Where each version's point goes in an SVG of the given box (y grows downwards). */
export function learningCurveLayout(curve: readonly CurvePoint[], box: PlotBox): CurveLayout {
  const withMetric = curve
    .filter((p): p is CurvePoint & { metric: number } => p.metric !== null && Number.isFinite(p.metric))
    .sort((a, b) => a.labeled - b.labeled);
  if (withMetric.length === 0) return { points: [], metricRange: [0, 1], labeledRange: [0, 0] };

  const metrics = withMetric.flatMap((p) => [
    p.metric,
    p.interval?.low ?? p.metric,
    p.interval?.high ?? p.metric,
  ]);
  let low = Math.floor(Math.min(...metrics) * 10) / 10;
  let high = Math.ceil(Math.max(...metrics) * 10) / 10;
  if (high === low) {
    if (high >= 1) low = high - 0.1;
    else high = low + 0.1;
  }
  const firstLabeled = withMetric[0]!.labeled;
  const lastLabeled = withMetric[withMetric.length - 1]!.labeled;

  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = (labeled: number) =>
    box.left +
    (lastLabeled > firstLabeled
      ? ((labeled - firstLabeled) / (lastLabeled - firstLabeled)) * plotWidth
      : plotWidth / 2);
  const y = (metric: number) => box.top + (1 - (metric - low) / (high - low)) * plotHeight;
  return {
    points: withMetric.map((point) => ({
      x: x(point.labeled),
      y: y(point.metric),
      yLow: point.interval ? y(point.interval.low) : null,
      yHigh: point.interval ? y(point.interval.high) : null,
      point,
    })),
    metricRange: [low, high],
    labeledRange: [firstLabeled, lastLabeled],
  };
}
