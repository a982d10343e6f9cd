import type { FrameScore, WorklistCase } from '../services/types.js';
import { formatPercent, formatScore } from '../components/format.js';
import { Metric } from '../components/Metric.js';
import { colours, fontSizes } from '../components/theme.js';

export interface CurrentCaseProps {
  readonly currentCase: WorklistCase | null;
  readonly score: FrameScore | null;
}

/**
 * Why this case is worth labeling: the server's scores when it leased the case (`aift-case-*`), beside the
 * browser's scores of the frame on screen under the loaded model (`aift-frame-*`).
 */
export function CurrentCase({ currentCase, score }: CurrentCaseProps) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '0.4rem' }}>
      {currentCase === null ? (
        <p
          data-testid="aift-case-none"
          style={{ margin: 0, color: colours.mutedForeground, fontSize: fontSizes.sm }}
        >
          Not a worklist case: open one from the list or press Next.
        </p>
      ) : (
        <ScoreRow
          prefix="aift-case"
          heading={`server · ${currentCase.modality}`}
          title={currentCase.candidateId}
          predictedClass={currentCase.predictedClass}
          probability={currentCase.probability}
          entropy={currentCase.entropy}
          diversity={currentCase.diversity}
          worthiness={currentCase.worthiness}
        />
      )}
      {score !== null && (
        <ScoreRow
          prefix="aift-frame"
          heading={`this frame · model ${score.modelVersion}`}
          title={`${score.patches} patches in ${Math.round(score.millis)} ms`}
          predictedClass={score.predictedClass}
          probability={score.probability}
          entropy={score.entropy}
          diversity={score.diversity}
          worthiness={score.worthiness}
        />
      )}
    </div>
  );
}

interface ScoreRowProps {
  readonly prefix: string;
  readonly heading: string;
  readonly title: string;
  readonly predictedClass: string | null;
  readonly probability: number | null;
  readonly entropy: number | null;
  readonly diversity: number | null;
  readonly worthiness: number;
}

function ScoreRow(props: ScoreRowProps) {
  const { prefix } = props;
  return (
    <div data-testid={prefix} title={props.title}>
      <div style={{ color: colours.mutedForeground, fontSize: fontSizes.xxs }}>{props.heading}</div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: '0.2rem 0.4rem' }}>
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
        <Metric
          testId={`${prefix}-worthiness`}
          label="worthiness"
          value={props.worthiness}
          text={formatScore(props.worthiness)}
          style={{ fontWeight: 600 }}
        />
        <Metric
          testId={`${prefix}-entropy`}
          label="entropy"
          value={props.entropy}
          text={formatScore(props.entropy)}
        />
        <Metric
          testId={`${prefix}-diversity`}
          label="diversity"
          value={props.diversity}
          text={formatScore(props.diversity)}
        />
      </div>
    </div>
  );
}
