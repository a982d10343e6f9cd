import { useId } from 'react';
import type { ReactNode } from 'react';
import { colours, fontSizes } from '../components/theme.js';

export interface SectionProps {
  readonly title: string;
  readonly children: ReactNode;
  /** Shown at the right of the heading, e.g. a count. */
  readonly aside?: ReactNode;
}

/** A titled block of the panel, in the look of OHIF's panel sections. */
export function Section({ title, children, aside }: SectionProps) {
  // Unique per mount: OHIF may show the panel twice (both sides, or a popped-out copy).
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      style={{ background: colours.muted, borderRadius: '0.375rem', padding: '0.5rem' }}
    >
      <h3
        id={id}
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          margin: '0 0 0.4rem',
          fontSize: fontSizes.sm,
          fontWeight: 500,
          color: colours.mutedForeground,
          textTransform: 'uppercase',
          letterSpacing: '0.03em',
        }}
      >
        <span>{title}</span>
        {aside}
      </h3>
      {children}
    </section>
  );
}
