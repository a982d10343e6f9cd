import type { KeyboardEvent } from 'react';
import type { Ranking, WorklistCase } from '../services/types.js';
import { formatPercent } from './format.js';
import { colours, fontSizes } from './theme.js';
import { EXPLAIN, rankingName, rankLong, rankShort } from './vocabulary.js';

export interface WorklistProps {
  /** Sorted by the number each row shows: worthiness, or a cold start's pick order. */
  readonly cases: readonly WorklistCase[];
  readonly ranking: Ranking | null;
  readonly currentId: string | null;
  readonly onOpen: (candidateId: string) => void;
}

/**
 * The leased cases in the order of the number they show; a row opens its case (click, Enter or Space:
 * rows are buttons). Under a cold start the model knows nothing: rows show the pick, not its class guess.
 */
export function Worklist({ cases, ranking, currentId, onOpen }: WorklistProps) {
  if (cases.length === 0) {
    return (
      <p
        data-testid="aift-worklist-empty"
        style={{ margin: 0, color: colours.mutedForeground, fontSize: fontSizes.sm }}
      >
        No cases left to label for now: new ones come when the model is retrained or others give theirs back.
      </p>
    );
  }
  return (
    <ol
      aria-label={ranking === null ? 'Worklist' : `Worklist, by ${rankingName(ranking)}`}
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {cases.map((item, rank) => {
        const coldStart = item.ranking?.by === 'coldStart';
        return (
          <li key={item.candidateId}>
            <button
              type="button"
              className="aift-row"
              data-testid="aift-worklist-row"
              data-candidate-id={item.candidateId}
              data-worthiness={String(item.worthiness)}
              data-pick={item.pick === null ? undefined : String(item.pick)}
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
                {/* A cold-start model has learned nothing: it has no class guess to show. */}
                {!coldStart && (
                  <>
                    {item.predictedClass ?? '—'}
                    {item.probability !== null && (
                      <span style={{ color: colours.mutedForeground }}>
                        {' '}
                        {formatPercent(item.probability, 0)}
                      </span>
                    )}
                  </>
                )}
              </span>
              <span
                data-testid="aift-worklist-rank"
                style={{ fontVariantNumeric: 'tabular-nums' }}
                title={coldStart ? `${rankLong(item)}. ${EXPLAIN.coldStart}` : EXPLAIN.worthiness}
              >
                {rankShort(item)}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function stopKeys(event: KeyboardEvent<HTMLButtonElement>): void {
  if (event.key === 'Enter' || event.key === ' ') event.stopPropagation();
}

function rowLabel(item: WorklistCase, rank: number): string {
  const prediction =
    item.ranking?.by === 'coldStart'
      ? 'untrained model'
      : item.predictedClass === null
        ? 'no prediction'
        : `predicted ${item.predictedClass}${item.probability === null ? '' : ` ${formatPercent(item.probability, 0)}`}`;
  return `Case ${rank + 1}, ${item.modality}, ${rankLong(item)}, ${prediction}`;
}
