import type { TrainingProgress } from '../services/types.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { colours } from '../components/theme.js';

/** The server's fine-tuning job: what it is doing, and how many new consensus labels wait for the next one. */
export function TrainingStatus({ training }: { readonly training: TrainingProgress }) {
  const newLabels = `${training.newLabels} new label${training.newLabels === 1 ? '' : 's'}`;
  const text =
    training.status === 'idle'
      ? newLabels
      : [training.status, training.message, newLabels]
          .filter((part) => part !== null && part !== '')
          .join(' · ');
  return (
    <ProgressBar
      testId="aift-training"
      status={training.status}
      label="Training"
      value={training.status === 'idle' ? 0 : training.progress}
      text={text}
      colour={
        training.status === 'failed'
          ? colours.destructive
          : training.status === 'succeeded'
            ? colours.success
            : undefined
      }
    />
  );
}
