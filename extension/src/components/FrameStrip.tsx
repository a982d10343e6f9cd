import type { KeyboardEvent } from 'react';
import type { SeriesStrip } from '../services/types.js';
import { viridisCss } from './colourMap.js';
import { formatScore } from './format.js';
import { mostWorthy, stripLevels } from './stripLevels.js';
import { colours } from './theme.js';
import { useAiftStyle } from './useAiftStyle.js';

export interface FrameStripProps {
  readonly strip: SeriesStrip | null;
  /** The frame on screen (0-based), or null when it is not one of the strip's. */
  readonly currentIndex: number | null;
  readonly onJump: (index: number) => void;
}

/** Keys that move through the series, as offsets from the current frame (Home/End go to the ends). */
const STEPS: Readonly<Record<string, number>> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1 };
const PAGE = 10;
/** Hatched, so a frame not scored yet never looks like a low score. */
const UNSCORED = `repeating-linear-gradient(135deg, ${colours.input} 0 2px, transparent 2px 4px)`;

/**
 * One cell per frame of the series, coloured by worthiness relative to the series (viridis; hatched = not scored
 * yet), the frame on screen outlined. Focus it and use the arrow keys, Page Up/Down or Home/End to move through
 * the frames, Enter to go to the most worthy one; or click a cell.
 */
export function FrameStrip({ strip, currentIndex, onJump }: FrameStripProps) {
  useAiftStyle();
  if (strip === null || strip.frames.length === 0) return null;
  const count = strip.frames.length;
  const levels = stripLevels(strip.worthiness);
  const scored = levels.reduce((n, level) => (Number.isNaN(level) ? n : n + 1), 0);
  const current = currentIndex ?? -1;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = keyTarget(event.key, current, count, strip.worthiness);
    if (target === null) return;
    event.preventDefault();
    // The viewer's own hotkeys (up/down = next image, Home/End) must not act a second time.
    event.stopPropagation();
    if (target !== current) onJump(target);
  };

  const currentWorthiness = strip.worthiness[current];
  return (
    <div
      data-testid="aift-strip"
      className="aift-strip"
      role="slider"
      tabIndex={0}
      aria-label={`Frames of the series by worthiness, ${scored} of ${count} scored`}
      aria-valuemin={0}
      aria-valuemax={count - 1}
      aria-valuenow={current >= 0 ? current : undefined}
      aria-valuetext={
        current >= 0
          ? `frame ${current + 1} of ${count}, worthiness ${formatScore(currentWorthiness ?? NaN)}`
          : `no frame of ${count} on screen`
      }
      aria-keyshortcuts="ArrowLeft ArrowRight Home End PageUp PageDown Enter"
      title="Arrow keys, Page Up/Down, Home/End: move; Enter: most worthy frame"
      onKeyDown={onKeyDown}
      style={{
        display: 'flex',
        height: '1rem',
        gap: '1px',
        overflow: 'hidden',
        borderRadius: '0.25rem',
        background: colours.border,
        cursor: 'pointer',
      }}
    >
      {Array.from(levels, (level, index) => (
        <div
          key={index}
          data-testid="aift-strip-cell"
          data-index={index}
          data-value={String(strip.worthiness[index])}
          className="aift-strip-cell"
          role="presentation"
          aria-current={index === current ? 'true' : undefined}
          title={`frame ${index + 1}: ${Number.isNaN(level) ? 'not scored yet' : formatScore(strip.worthiness[index] ?? NaN)}`}
          onClick={() => onJump(index)}
          style={{ background: Number.isNaN(level) ? UNSCORED : viridisCss(level) }}
        />
      ))}
    </div>
  );
}

/** Where a key press moves to, or null for keys the strip does not handle. */
function keyTarget(
  key: string,
  current: number,
  count: number,
  worthiness: ArrayLike<number>,
): number | null {
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  const step = STEPS[key];
  if (step !== undefined) return clamp(current < 0 ? 0 : current + step);
  switch (key) {
    case 'PageUp':
      return clamp(current - PAGE);
    case 'PageDown':
      return clamp(current + PAGE);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'Enter':
      return mostWorthy(worthiness);
    default:
      return null;
  }
}
