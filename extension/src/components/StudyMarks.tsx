import { useEffect, useState } from 'react';
import type { LoadStudyMark, StudyMarkView } from '../services/studyMarks.js';
import { formatScore } from './format.js';
import { colours, fontSizes } from './theme.js';
import { EXPLAIN, methodName } from './vocabulary.js';

export interface StudyMarksProps {
  readonly studyInstanceUid: string;
  readonly load: LoadStudyMark;
}

type State =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly view: StudyMarkView }
  | { readonly status: 'failed'; readonly message: string };

const chip = (colour: string) =>
  ({
    display: 'inline-block',
    marginRight: '0.35rem',
    color: colour,
    fontSize: fontSizes.sm,
    whiteSpace: 'nowrap',
  }) as const;

/**
 * A study list row's marks for the signed-in reader: their own answers on the study, whether it is on their
 * worklist or held by another reader, and the place of its most worthy frame they have not labeled.
 */
export function StudyMarks({ studyInstanceUid, load }: StudyMarksProps) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    load(studyInstanceUid).then(
      (view) => live && setState({ status: 'ready', view }),
      (error: unknown) =>
        live &&
        setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [studyInstanceUid, load]);

  if (state.status === 'loading') {
    return <span style={chip(colours.mutedForeground)}>…</span>;
  }
  if (state.status === 'failed') {
    return (
      <span
        data-testid="aift-study-marks"
        data-status="failed"
        title={state.message}
        style={chip(colours.warning)}
      >
        marks unavailable
      </span>
    );
  }
  const { mark, ranking, ranked } = state.view;
  if (mark.candidates === 0) {
    return (
      <span data-testid="aift-study-marks" data-status="none" style={chip(colours.mutedForeground)}>
        not in the pool
      </span>
    );
  }
  const { labeledByYou, labeledByOthers, heldByYou, heldByOthers, worthiest } = mark;
  const held = heldByYou > 0 ? 'you' : heldByOthers > 0 ? 'other' : '';
  const coldStart = ranking?.by === 'coldStart';
  const rankText =
    worthiest === null
      ? null
      : coldStart
        ? worthiest.pick === null
          ? null
          : `pick ${worthiest.pick}`
        : `#${worthiest.rank} of ${ranked}`;
  const rankTitle =
    worthiest === null
      ? ''
      : coldStart
        ? `Cold-start pick ${worthiest.pick ?? '—'} (${methodName(ranking.method)}). ${EXPLAIN.coldStart}`
        : `Its most worth labeling image ranks ${worthiest.rank} of ${ranked} (worthiness ${formatScore(worthiest.worthiness)}). ${EXPLAIN.worthiness}`;
  return (
    <span
      data-testid="aift-study-marks"
      data-status="ready"
      data-labeled={labeledByYou.join(',')}
      data-held={held}
      data-rank={worthiest === null ? '' : String(coldStart ? (worthiest.pick ?? '') : worthiest.rank)}
      style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'baseline' }}
    >
      {labeledByYou.length > 0 && (
        <span
          style={chip(colours.success)}
          title={`You labeled ${labeledByYou.length} of its ${mark.candidates} image${mark.candidates === 1 ? '' : 's'}`}
        >
          {mark.candidates === 1
            ? `✓ ${labeledByYou[0]}`
            : `✓ ${labeledByYou.length}/${mark.candidates} labeled`}
        </span>
      )}
      {labeledByOthers > 0 && (
        <span
          style={chip(colours.mutedForeground)}
          title="Another reader has labeled it (their answer is theirs to see)"
        >
          labeled by another reader
        </span>
      )}
      {labeledByYou.length === 0 && labeledByOthers === 0 && held === '' && rankText === null && (
        <span style={chip(colours.mutedForeground)} title="Not labeled, not held, and not ranked yet">
          —
        </span>
      )}
      {held === 'you' && (
        <span style={chip(colours.highlight)} title="On your worklist: held for you until you label it">
          on your worklist
        </span>
      )}
      {held === 'other' && (
        <span style={chip(colours.mutedForeground)} title="Another reader holds it: it is not served to you">
          held by another reader
        </span>
      )}
      {rankText !== null && (
        <span style={chip(colours.foreground)} title={rankTitle}>
          {rankText}
        </span>
      )}
    </span>
  );
}
