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

/** The held-out metric of each published version against the labels it was trained on. */
export function LearningCurve({ curve, width = 240, height = 96 }: LearningCurveProps) {
  const box: PlotBox = { width, height, left: 26, right: 6, top: 6, bottom: 14 };
  const layout = learningCurveLayout(curve, box);
  const last = layout.points[layout.points.length - 1];
  const metricName = last?.point.metricName ?? curve[curve.length - 1]?.metricName ?? 'metric';
  if (last === undefined) {
    return (
      <p
        data-testid="aift-curve-empty"
        style={{ margin: 0, color: colours.mutedForeground, fontSize: fontSizes.sm }}
      >
        {curve.length === 0 ? 'No model published yet.' : 'No held-out metric yet.'}
      </p>
    );
  }
  const summary = `${metricName} ${formatScore(last.point.metric)} at ${last.point.labeled} labels (model ${last.point.version}), ${layout.points.length} versions`;
  const [low, high] = layout.metricRange;
  const [fewest, most] = layout.labeledRange;
  const path = layout.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
  const bottom = height - box.bottom;
  const axisText = { fill: colours.mutedForeground, fontSize: 9 } as const;
  return (
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
          <title>{`model ${p.point.version}: ${p.point.metricName} ${formatScore(p.point.metric)}, ${p.point.labeled} labels`}</title>
        </circle>
      ))}
    </svg>
  );
}
