import { ReaderBar } from '../components/ReaderBar.js';
import { useObservable } from '../components/useObservable.js';
import { LabelingPanel } from '../panels/LabelingPanel.js';
import type { ReaderSignIn } from '../services/readerSignIn.js';
import type { AiftSession } from './AiftSession.js';

/** The labeling panel while the AIFT mode runs, a hint if the panel is shown in another mode; who labels above. */
export function AiftPanel({ session }: { readonly session: AiftSession }) {
  const services = useObservable(session.services);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      {session.signIn !== null && (
        <SignedInReader signIn={session.signIn} onSignOut={() => void session.signOut()} />
      )}
      {services === null ? (
        <div
          data-testid="aift-panel-inactive"
          style={{ padding: '0.75rem', color: '#a0aec0', fontSize: '0.875rem' }}
        >
          Open a study in the AIFT labeling mode to label cases.
        </div>
      ) : (
        <div style={{ flex: '1 1 auto', minHeight: 0 }}>
          <LabelingPanel services={services} />
        </div>
      )}
    </div>
  );
}

/** The reader bar while signed in (the panel renders only then: the sign-in gate holds the routes back). */
function SignedInReader({
  signIn,
  onSignOut,
}: {
  readonly signIn: ReaderSignIn;
  readonly onSignOut: () => void;
}) {
  const state = useObservable(signIn.state);
  if (state.status !== 'signed-in') return null;
  return <ReaderBar reader={state.reader} onSignOut={onSignOut} />;
}
