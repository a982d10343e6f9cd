import type { CurvePoint } from '../services/types.js';
import { formatScore } from './format.js';
import { learningCurveLayout } from './learningCurveLayout.js';
import type { PlotBox } from './learningCurveLayout.js';
import { colours, fontSizes } from './theme.js';

export interface LearningCurveProps {
  readonly curve: readonly CurvePoint[];
  readonly width?: number;
  readonly height?: number;
}

const WHAT_IT_SHOWS =
  'AUC of each model version on the blind audit sample: cases drawn at random from the pool and labeled ' +
  'like any other, never used for training. Bars are 95% intervals; x is the labels that trained the version.';

const note = { margin: 0, color: colours.mutedForeground, fontSize: fontSizes.sm } as const;

/**
 * Each version's audited AUC, with its 95% interval, against the labels it was trained on; before any
 * version has one, the labels per version and why there is no metric yet.
 */
export function LearningCurve({ curve, width = 240, height = 96 }: LearningCurveProps) {
  const box: PlotBox = { width, height, left: 26, right: 6, top: 6, bottom: 14 };
  const layout = learningCurveLayout(curve, box);
  const last = layout.points[layout.points.length - 1];
  if (last === undefined) {
    const latest = curve[curve.length - 1];
    return (
      <div data-testid="aift-curve-empty" title={WHAT_IT_SHOWS}>
        <p style={note}>
          {latest === undefined
            ? 'No model published yet.'
            : `No audited AUC yet: ${latest.unavailable ?? 'no measurement'}.`}
        </p>
        {curve.length > 0 && (
          <p data-testid="aift-curve-labels" style={{ ...note, marginTop: 2 }}>
            {'Labels per version: '}
            {curve.map((p) => `${p.version} ${p.coldStart ? 'untrained' : p.labeled}`).join(' · ')}
          </p>
        )}
      </div>
    );
  }
  const { point } = last;
  const interval = point.interval
    ? ` (95% ${formatScore(point.interval.low)}–${formatScore(point.interval.high)})`
    : '';
  const summary = `${point.metricName} ${formatScore(point.metric)}${interval} on ${point.auditImages} audit cases, model ${point.version} trained on ${point.labeled} labels`;
  const [low, high] = layout.metricRange;
  const [fewest, most] = layout.labeledRange;
  const path = layout.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
  const bottom = height - box.bottom;
  const axisText = { fill: colours.mutedForeground, fontSize: 9 } as const;
  return (
    <figure style={{ margin: 0 }} title={WHAT_IT_SHOWS}>
      <svg
        data-testid="aift-curve"
        role="img"
        aria-label={`Learning curve: ${summary}`}
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        style={{ display: 'block', maxWidth: `${width * 1.5}px` }}
      >
        <line x1={box.left} y1={box.top} x2={width - box.right} y2={box.top} stroke={colours.border} />
        <line x1={box.left} y1={bottom} x2={width - box.right} y2={bottom} stroke={colours.input} />
        <text x={box.left - 3} y={box.top + 3} textAnchor="end" {...axisText}>
          {high.toFixed(1)}
        </text>
        <text x={box.left - 3} y={bottom + 3} textAnchor="end" {...axisText}>
          {low.toFixed(1)}
        </text>
        <text x={box.left} y={height - 2} {...axisText}>
          {fewest}
        </text>
        <text x={width - box.right} y={height - 2} textAnchor="end" {...axisText}>
          {`${most} labels`}
        </text>
        {layout.points.map(
          (p) =>
            p.yLow !== null &&
            p.yHigh !== null && (
              <line
                key={`${p.point.version}-interval`}
                data-testid="aift-curve-interval"
                x1={p.x}
                x2={p.x}
                y1={p.yLow}
                y2={p.yHigh}
                stroke={colours.primarySoft}
                strokeWidth={3}
              />
            ),
        )}
        <path d={path} fill="none" stroke={colours.primary} strokeWidth={1.5} />
        {layout.points.map((p) => (
          <circle
            key={p.point.version}
            data-testid="aift-curve-point"
            data-version={p.point.version}
            data-value={String(p.point.metric)}
            cx={p.x}
            cy={p.y}
            r={2.5}
            fill={p === last ? colours.highlight : colours.primary}
          >
            <title>{`model ${p.point.version}: ${p.point.metricName} ${formatScore(p.point.metric)}${p.point.interval ? ` (95% ${formatScore(p.point.interval.low)}–${formatScore(p.point.interval.high)})` : ''} on ${p.point.auditImages} audit cases, ${p.point.labeled} training labels`}</title>
          </circle>
        ))}
      </svg>
      <figcaption data-testid="aift-curve-summary" style={{ ...note, marginTop: 2 }}>
        {summary}
      </figcaption>
    </figure>
  );
}
