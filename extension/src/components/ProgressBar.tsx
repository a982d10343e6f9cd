import { colours, fontSizes } from './theme.js';

export interface ProgressBarProps {
  readonly testId: string;
  readonly label: string;
  /** In [0, 1]; null for an indeterminate bar. */
  readonly value: number | null;
  /** Read out and shown beside the label, e.g. "epoch 3 of 10". */
  readonly text: string;
  readonly colour?: string | undefined;
  /** Carried in `data-status`, e.g. the training job's status. */
  readonly status?: string;
}

/** A thin bar with its label, as an ARIA progressbar. */
export function ProgressBar({
  testId,
  label,
  value,
  text,
  colour = colours.primary,
  status,
}: ProgressBarProps) {
  const fraction = value === null ? null : Math.min(1, Math.max(0, value));
  return (
    <div
      data-testid={testId}
      data-value={fraction === null ? undefined : String(fraction)}
      data-status={status}
    >
      <div
        style={{ display: 'flex', justifyContent: 'space-between', gap: '0.5rem', fontSize: fontSizes.xs }}
      >
        <span style={{ color: colours.mutedForeground, flex: 'none' }}>{label}</span>
        {/* Wraps rather than cut: a narrow panel must still say the whole status. */}
        <span style={{ minWidth: 0, textAlign: 'right', overflowWrap: 'anywhere' }}>{text}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        aria-valuetext={text}
        style={{ height: '0.3rem', marginTop: '0.2rem', borderRadius: '0.15rem', background: colours.input }}
      >
        <div
          style={{
            width: `${(fraction ?? 1) * 100}%`,
            height: '100%',
            borderRadius: 'inherit',
            background: colour,
            opacity: fraction === null ? 0.4 : 1,
            transition: 'width 200ms linear',
          }}
        />
      </div>
    </div>
  );
}
