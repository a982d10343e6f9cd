import type {
  FrameRef,
  FrameScore,
  LoadedModel,
  PendingLabel,
  ScreenCase,
  WorklistCase,
} from '../services/types.js';
import { formatPercent, formatScore } from '../components/format.js';
import { Metric } from '../components/Metric.js';
import { colours, fontSizes } from '../components/theme.js';
import { EXPLAIN, rankLong } from '../components/vocabulary.js';

export interface CurrentCaseProps {
  readonly screen: ScreenCase;
  readonly score: FrameScore | null;
  readonly model: LoadedModel | null;
  readonly undone: PendingLabel | null;
  /** Whether the candidate on screen is one of the reader's worklist cases (else opened some other way). */
  readonly onWorklist: boolean;
}

/**
 * What the image on screen is to the labeling and why it is worth labeling: the server's scores of the
 * candidate (`aift-case-*`) beside the browser's scores of the frame under the loaded model (`aift-frame-*`).
 * Every message here is derived from the state it describes, so it goes when its condition ends.
 */
export function CurrentCase({ screen, score, model, undone, onWorklist }: CurrentCaseProps) {
  const candidate = screen.status === 'candidate' ? screen.case : null;
  const frameScore =
    score !== null && screen.status !== 'nothing' && sameFrame(score.frame, screen.frame) ? score : null;
  const untrained =
    frameScore !== null &&
    model?.version === frameScore.modelVersion &&
    (model.card.coldStart ?? null) !== null;
  const note = candidate !== null && frameScore !== null ? agreementNote(candidate, frameScore) : null;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '0.4rem' }}>
      {screen.status !== 'candidate' && (
        <p
          data-testid="aift-screen-message"
          data-status={screen.status}
          role="status"
          style={{ margin: 0, color: colours.mutedForeground, fontSize: fontSizes.sm }}
        >
          {screenMessage(screen)}
        </p>
      )}
      {screen.status === 'candidate' && screen.yourAnswer !== undefined && (
        <p
          data-testid="aift-case-labeled"
          data-value={screen.yourAnswer}
          role="status"
          style={{ margin: 0, color: colours.success, fontSize: fontSizes.sm }}
        >
          You labeled this image {screen.yourAnswer}. A new answer replaces yours.
        </p>
      )}
      {candidate !== null && undone?.candidateId === candidate.candidateId && (
        <p
          data-testid="aift-undone"
          data-value={undone.value}
          role="status"
          style={{ margin: 0, color: colours.highlight, fontSize: fontSizes.sm }}
        >
          Undone: {undone.value} on case {shortId(candidate.candidateId)}. Choose again.
        </p>
      )}
      {candidate !== null && (
        <ScoreRow
          prefix="aift-case"
          heading={`server · ${candidate.modelVersion === null ? 'no model' : `model ${candidate.modelVersion}`} · ${candidate.modality}${onWorklist ? '' : ' · not on your worklist'}`}
          title={`case ${candidate.candidateId}`}
          untrained={candidate.ranking?.by === 'coldStart'}
          predictedClass={candidate.predictedClass}
          probability={candidate.probability}
          entropy={candidate.entropy}
          diversity={candidate.diversity}
          rank={
            candidate.ranking?.by === 'coldStart'
              ? { kind: 'pick', value: candidate.pick, text: rankLong(candidate) }
              : { kind: 'worthiness', value: candidate.worthiness }
          }
        />
      )}
      {frameScore !== null && (
        <ScoreRow
          prefix="aift-frame"
          heading={`this frame, in your browser · model ${frameScore.modelVersion}`}
          title={`${frameScore.patches} patches in ${Math.round(frameScore.millis)} ms`}
          untrained={untrained}
          predictedClass={frameScore.predictedClass}
          probability={frameScore.probability}
          entropy={frameScore.entropy}
          diversity={frameScore.diversity}
          rank={{ kind: 'worthiness', value: frameScore.worthiness }}
        />
      )}
      {note !== null && (
        <p
          data-testid="aift-agreement-note"
          data-reason={note.reason}
          style={{ margin: 0, color: colours.mutedForeground, fontSize: fontSizes.xs }}
        >
          {note.text}
        </p>
      )}
    </div>
  );
}

function screenMessage(screen: Exclude<ScreenCase, { status: 'candidate' }>): string {
  switch (screen.status) {
    case 'nothing':
      return 'No image on screen: press N (Next case) or open a case from the worklist.';
    case 'checking':
      return 'Checking whether the image on screen is a case to label…';
    case 'not-candidate':
      return 'The image on screen is not a case of the labeling pool, so it cannot be labeled. Press N (Next case) or open a case from the worklist.';
    case 'failed':
      return `Could not check whether the image on screen can be labeled (${screen.error}). It is checked again when you come back to it.`;
  }
}

/** Why the server's numbers and the browser's differ for this frame, or null when they are the same kind. */
function agreementNote(candidate: WorklistCase, score: FrameScore): { reason: string; text: string } | null {
  if (candidate.ranking?.by === 'coldStart')
    return {
      reason: 'cold-start',
      text: "The server's number is a cold-start pick, not a worthiness; the browser's worthiness is the untrained model's own.",
    };
  if (candidate.worthiness === null)
    return {
      reason: 'not-scored',
      text: 'The server holds no score of this case under its ranking model (labeled cases are not rescored).',
    };
  if (candidate.modelVersion !== score.modelVersion)
    return {
      reason: 'versions-differ',
      text: `Server scores are from model ${candidate.modelVersion ?? '—'}, this frame's from model ${score.modelVersion}: rescoring pending.`,
    };
  return null;
}

function sameFrame(a: FrameRef, b: FrameRef): boolean {
  return (
    a.sopInstanceUid === b.sopInstanceUid &&
    a.frame === b.frame &&
    a.seriesInstanceUid === b.seriesInstanceUid
  );
}

/** A case's id as a reader can compare it by eye: its first eight characters. */
export function shortId(candidateId: string): string {
  return candidateId.slice(0, 8);
}

interface ScoreRowProps {
  readonly prefix: string;
  readonly heading: string;
  readonly title: string;
  /** Nothing learned yet: the class guess is shown as such, without a confident-looking percentage. */
  readonly untrained: boolean;
  readonly predictedClass: string | null;
  readonly probability: number | null;
  readonly entropy: number | null;
  readonly diversity: number | null;
  readonly rank:
    | { readonly kind: 'worthiness'; readonly value: number | null }
    | { readonly kind: 'pick'; readonly value: number | null; readonly text: string };
}

function ScoreRow(props: ScoreRowProps) {
  const { prefix, rank } = props;
  return (
    <div data-testid={prefix} data-untrained={String(props.untrained)} title={props.title}>
      <div style={{ color: colours.mutedForeground, fontSize: fontSizes.xxs }}>
        {props.heading}
        {props.untrained && (
          <>
            {' · '}
            <span
              data-testid={`${prefix}-untrained`}
              title={EXPLAIN.untrained}
              style={{ color: colours.warning }}
            >
              untrained: no class guess yet
            </span>
          </>
        )}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: '0.2rem 0.4rem' }}>
        {!props.untrained && (
          <>
            <Metric
              testId={`${prefix}-class`}
              label="prediction"
              value={props.predictedClass}
              text={props.predictedClass ?? '—'}
            />
            <Metric
              testId={`${prefix}-probability`}
              label="probability"
              value={props.probability}
              text={formatPercent(props.probability)}
            />
          </>
        )}
        {rank.kind === 'worthiness' && (
          <Metric
            testId={`${prefix}-worthiness`}
            label="worthiness"
            value={rank.value}
            text={formatScore(rank.value)}
            title={EXPLAIN.worthiness}
            style={{ fontWeight: 600 }}
          />
        )}
        <Metric
          testId={`${prefix}-entropy`}
          label="entropy"
          value={props.entropy}
          text={formatScore(props.entropy)}
          title={EXPLAIN.entropy}
        />
        <Metric
          testId={`${prefix}-diversity`}
          label="diversity"
          value={props.diversity}
          text={formatScore(props.diversity)}
          title={EXPLAIN.diversity}
        />
        {rank.kind === 'pick' && (
          <Metric
            testId={`${prefix}-pick`}
            label="cold-start rank"
            value={rank.value}
            text={rank.text}
            title={EXPLAIN.coldStart}
            style={{ gridColumn: '1 / -1', fontWeight: 600 }}
          />
        )}
      </div>
    </div>
  );
}
