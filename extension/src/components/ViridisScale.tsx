import { viridisCss } from './colourMap.js';
import { colours, fontSizes } from './theme.js';

const GRADIENT = `linear-gradient(to right, ${Array.from({ length: 9 }, (_, i) => viridisCss(i / 8)).join(', ')})`;

export interface ViridisScaleProps {
  readonly testId: string;
  /** What the colours show, in a reader's words. */
  readonly caption: string;
  /** The words at the dark and the bright end. */
  readonly low: string;
  readonly high: string;
}

/** The colour scale an overlay is drawn in (viridis), with what it shows and what its two ends mean. */
export function ViridisScale({ testId, caption, low, high }: ViridisScaleProps) {
  return (
    <div
      data-testid={testId}
      style={{
        background: colours.overlay,
        color: colours.foreground,
        fontSize: fontSizes.xxs,
        lineHeight: 1.3,
        padding: '0.25rem 0.4rem',
        borderRadius: '0.25rem',
        maxWidth: '24rem',
        pointerEvents: 'none',
      }}
    >
      <div data-testid={`${testId}-caption`}>{caption}</div>
      <div style={{ display: 'flex', alignItems: 'center', gap: '0.3rem', marginTop: '0.15rem' }}>
        <span>{low}</span>
        <span
          style={{
            flex: 1,
            minWidth: '3rem',
            height: '0.4rem',
            borderRadius: '0.2rem',
            background: GRADIENT,
          }}
        />
        <span>{high}</span>
      </div>
    </div>
  );
}
