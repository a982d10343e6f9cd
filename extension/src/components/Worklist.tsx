import type { KeyboardEvent } from 'react';
import type { WorklistCase } from '../services/types.js';
import { formatPercent, formatScore } from './format.js';
import { colours, fontSizes } from './theme.js';

export interface WorklistProps {
  /** Ranked by the server, most worthy first. */
  readonly cases: readonly WorklistCase[];
  readonly currentId: string | null;
  readonly onOpen: (candidateId: string) => void;
}

/** The leased cases, most worthy first; a row opens its case (click, Enter or Space: rows are buttons). */
export function Worklist({ cases, currentId, onOpen }: WorklistProps) {
  if (cases.length === 0) {
    return (
      <p
        data-testid="aift-worklist-empty"
        style={{ margin: 0, color: colours.mutedForeground, fontSize: fontSizes.sm }}
      >
        No cases leased.
      </p>
    );
  }
  return (
    <ol aria-label="Worklist, most worthy first" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {cases.map((item, rank) => (
        <li key={item.candidateId}>
          <button
            type="button"
            className="aift-row"
            data-testid="aift-worklist-row"
            data-candidate-id={item.candidateId}
            data-worthiness={String(item.worthiness)}
            aria-current={item.candidateId === currentId ? 'true' : undefined}
            aria-label={rowLabel(item, rank)}
            onClick={() => onOpen(item.candidateId)}
            // Enter and Space already click a button; keep them from reaching the viewer's hotkeys too.
            onKeyDown={stopKeys}
          >
            <span style={{ color: colours.mutedForeground, fontVariantNumeric: 'tabular-nums' }}>
              {rank + 1}
            </span>
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              <span style={{ color: colours.mutedForeground }}>{item.modality} </span>
              {item.predictedClass ?? '—'}
              {item.probability !== null && (
                <span style={{ color: colours.mutedForeground }}> {formatPercent(item.probability, 0)}</span>
              )}
            </span>
            <span style={{ fontVariantNumeric: 'tabular-nums' }} title="worthiness">
              {formatScore(item.worthiness)}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function stopKeys(event: KeyboardEvent<HTMLButtonElement>): void {
  if (event.key === 'Enter' || event.key === ' ') event.stopPropagation();
}

function rowLabel(item: WorklistCase, rank: number): string {
  const prediction =
    item.predictedClass === null
      ? 'no prediction'
      : `predicted ${item.predictedClass}${item.probability === null ? '' : ` ${formatPercent(item.probability, 0)}`}`;
  return `Case ${rank + 1}, ${item.modality}, worthiness ${formatScore(item.worthiness)}, ${prediction}`;
}
