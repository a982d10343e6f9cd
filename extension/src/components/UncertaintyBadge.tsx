import type { FrameScore, LoadedModel } from '../services/types.js';
import { formatPercent, formatScore } from './format.js';
import { Metric } from './Metric.js';
import { colours, fontSizes } from './theme.js';

export interface UncertaintyBadgeProps {
  /** The displayed frame's scores; null while it is being scored or when there is no model. */
  readonly score: FrameScore | null;
  /** The model in use; null before one is loaded. */
  readonly model: LoadedModel | null;
}

/** The model's opinion of the frame on screen, compact and see-through enough to sit over the image. */
export function UncertaintyBadge({ score, model }: UncertaintyBadgeProps) {
  // A score from an older version than the loaded model is about to be replaced: say so rather than hide it.
  const stale = score !== null && model !== null && score.modelVersion !== model.version;
  const status = model === null ? 'no model' : score === null ? 'scoring…' : stale ? 'rescoring…' : null;
  // The cold-start version has learned nothing: a class with a percentage would look like an opinion.
  const untrained = score !== null && !stale && (model?.card.coldStart ?? null) !== null;
  return (
    <div
      data-testid="aift-badge"
      role="status"
      aria-label="AI uncertainty of the displayed frame"
      style={{
        display: 'inline-flex',
        flexDirection: 'column',
        gap: '0.2rem',
        padding: '0.3rem 0.45rem',
        borderRadius: '0.375rem',
        background: colours.overlay,
        color: colours.foreground,
        fontSize: fontSizes.sm,
        lineHeight: 1.3,
        textShadow: '0 1px 2px rgba(0, 0, 0, 0.9)',
        pointerEvents: 'none',
        opacity: stale ? 0.7 : 1,
        maxWidth: '16rem',
      }}
    >
      <div style={{ display: 'flex', alignItems: 'baseline', gap: '0.4rem' }}>
        {untrained ? (
          <span data-testid="aift-badge-class" data-untrained="true" style={{ fontWeight: 600 }}>
            untrained model
          </span>
        ) : (
          <>
            <span
              data-testid="aift-badge-class"
              data-value={score?.predictedClass}
              style={{ fontWeight: 600 }}
            >
              {score?.predictedClass ?? '—'}
            </span>
            <span
              data-testid="aift-badge-probability"
              data-value={score === null ? undefined : String(score.probability)}
              style={{ fontVariantNumeric: 'tabular-nums' }}
            >
              {score === null ? '' : formatPercent(score.probability)}
            </span>
          </>
        )}
        <span
          data-testid="aift-badge-model"
          data-value={score?.modelVersion ?? model?.version}
          style={{
            marginLeft: 'auto',
            color: colours.mutedForeground,
            fontSize: fontSizes.xxs,
            whiteSpace: 'nowrap',
          }}
        >
          {modelText(score, model)}
        </span>
      </div>
      {score !== null && (
        <div style={{ display: 'flex', gap: '0.6rem' }}>
          <Metric
            testId="aift-badge-entropy"
            label="entropy"
            value={score.entropy}
            text={formatScore(score.entropy)}
          />
          <Metric
            testId="aift-badge-diversity"
            label="diversity"
            value={score.diversity}
            text={formatScore(score.diversity)}
          />
          <Metric
            testId="aift-badge-worthiness"
            label="worthiness"
            value={score.worthiness}
            text={formatScore(score.worthiness)}
            style={{ fontWeight: 600 }}
          />
        </div>
      )}
      {status !== null && (
        <span
          data-testid="aift-badge-status"
          style={{ color: colours.mutedForeground, fontSize: fontSizes.xxs }}
        >
          {status}
        </span>
      )}
    </div>
  );
}

function modelText(score: FrameScore | null, model: LoadedModel | null): string {
  const version = score?.modelVersion ?? model?.version;
  return version === undefined ? '' : `model ${version}`;
}
