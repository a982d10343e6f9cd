// Signing readers in to the prebuilt OHIF viewer. Without OIDC in the app's configuration, the extension
// owns the sign-in: at registration, before any route renders, it makes OHIF's userAuthenticationService
// answer with the reader's token (OHIF asks it before every DICOMweb request, the study list's included)
// and wraps OHIF's routes in a gate that shows the sign-in screen until a reader has signed in, so the
// study list never queries the PACS anonymously. With OIDC configured, OHIF's own login does all of this
// and the extension stays out of its way.
import type { ReactNode } from 'react';
import { SignInScreen } from '../components/SignInScreen.js';
import { useObservable } from '../components/useObservable.js';
import { DEFAULT_TRAINER_URL } from '../services/createAiftServices.js';
import { createReaderSignIn } from '../services/readerSignIn.js';
import type { ReaderSignIn } from '../services/readerSignIn.js';
import type { OhifRegistrationContext } from './ohifTypes.js';

/** The provider's name in OHIF's ServiceProvidersManager (no OHIF service has it). */
const GATE_PROVIDER = 'aiftReaderSignIn';

/** The token sign-in, installed into OHIF; null when OHIF's own OIDC login is configured. */
export function installReaderSignIn(context: OhifRegistrationContext): ReaderSignIn | null {
  const { appConfig, servicesManager, serviceProvidersManager } = context;
  if (appConfig?.oidc !== undefined) return null;
  const signIn = createReaderSignIn({
    storage: window.sessionStorage,
    trainerUrl: appConfig?.aift?.trainerUrl ?? DEFAULT_TRAINER_URL,
  });
  servicesManager.services.userAuthenticationService.setServiceImplementation({
    getAuthorizationHeader: () => signIn.authorizationHeader(),
  });
  serviceProvidersManager.registerProvider(GATE_PROVIDER, ({ children }) => (
    <SignInGate signIn={signIn}>{children}</SignInGate>
  ));
  return signIn;
}

/** OHIF's routes once a reader has signed in; the sign-in screen until then. */
function SignInGate({ signIn, children }: { readonly signIn: ReaderSignIn; readonly children?: ReactNode }) {
  const state = useObservable(signIn.state);
  if (state.status === 'signed-in') return <>{children}</>;
  return (
    <SignInScreen
      checking={state.status === 'checking'}
      problem={state.status === 'signed-out' ? state.problem : null}
      onSignIn={(token) => signIn.signIn(token)}
    />
  );
}
