import type { ProjectProgress } from '../services/types.js';
import { colours, fontSizes } from './theme.js';

const STATUS_COLOUR = {
  saving: colours.success,
  'not-saving': colours.warning,
  'not-yet-measurable': colours.mutedForeground,
} as const;

/** What the selection has saved against labeling at random, in the trainer's own words (GET /api/progress). */
export function LabelsSaved({ estimate }: { readonly estimate: ProjectProgress['labelsSaved'] | null }) {
  if (estimate === null) return null;
  return (
    <p
      data-testid="aift-labels-saved"
      data-status={estimate.status}
      title={estimate.method}
      style={{ margin: '4px 0 0', color: STATUS_COLOUR[estimate.status], fontSize: fontSizes.sm }}
    >
      {estimate.statement}
    </p>
  );
}
