import type { CSSProperties } from 'react';
import { colours, fontSizes } from './theme.js';

export interface MetricProps {
  /** Becomes `data-testid`, so tests find the number. */
  readonly testId: string;
  readonly label: string;
  /** The exact value, carried in `data-value` (the text is rounded); omitted when null. */
  readonly value: number | string | null;
  readonly text: string;
  readonly title?: string;
  readonly style?: CSSProperties;
}

/** A labelled value: small muted label, the formatted value, and the exact value in `data-value`. */
export function Metric({ testId, label, value, text, title, style }: MetricProps) {
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', minWidth: 0, ...style }} title={title}>
      <span style={{ color: colours.mutedForeground, fontSize: fontSizes.xxs, lineHeight: 1.2 }}>
        {label}
      </span>
      <span
        data-testid={testId}
        data-value={value === null ? undefined : String(value)}
        style={{ fontVariantNumeric: 'tabular-nums', overflow: 'hidden', textOverflow: 'ellipsis' }}
      >
        {text}
      </span>
    </span>
  );
}
