import type { ProjectProgress } from '../services/types.js';
import { formatPercent } from '../components/format.js';
import { Metric } from '../components/Metric.js';

/** How far the project is: candidates labeled, waiting in the queue, and how often annotators agree. */
export function ProjectCounts({ progress }: { readonly progress: ProjectProgress | null }) {
  const count = (n: number | undefined) => (n === undefined ? '—' : String(n));
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: '0.4rem' }}>
      <Metric
        testId="aift-count-labeled"
        label="labeled"
        value={progress?.labeled ?? null}
        text={progress === null ? '—' : `${progress.labeled} / ${progress.candidates}`}
        title="Candidates with a label, of all candidates"
      />
      <Metric
        testId="aift-count-queue"
        label="in queue"
        value={progress?.inQueue ?? null}
        text={count(progress?.inQueue)}
        title="Worthy candidates waiting for an annotator"
      />
      <Metric
        testId="aift-agreement"
        label="agreement"
        value={progress?.agreementRate ?? null}
        text={formatPercent(progress?.agreementRate ?? null)}
        title="Share of multiply-labeled candidates whose annotators agree"
      />
    </div>
  );
}
