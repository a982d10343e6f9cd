import { useObservable } from '../components/useObservable.js';
import { LabelingPanel } from '../panels/LabelingPanel.js';
import type { AiftSession } from './AiftSession.js';

/** The labeling panel while the AIFT mode runs; a hint if the panel is shown in another mode. */
export function AiftPanel({ session }: { readonly session: AiftSession }) {
  const services = useObservable(session.services);
  if (services === null) {
    return (
      <div
        data-testid="aift-panel-inactive"
        style={{ padding: '0.75rem', color: '#a0aec0', fontSize: '0.875rem' }}
      >
        Open a study in the AIFT labeling mode to label cases.
      </div>
    );
  }
  return <LabelingPanel services={services} />;
}
