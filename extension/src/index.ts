// The OHIF extension: wiring only. Logic lives in services/, rendering in components/ and panels/, the OHIF
// adapter in ohif/, the viewport overlay in overlay/. The AIFT mode turns it on (COMMANDS.enterMode) from its
// own onModeEnter: an extension's onModeEnter runs for every mode and is not told which one is entered.
import { getCommandsModule } from './getCommandsModule.js';
import { getCustomizationModule } from './getCustomizationModule.js';
import { getPanelModule } from './getPanelModule.js';
import { getToolbarModule } from './getToolbarModule.js';
import { EXTENSION_ID } from './id.js';
import { AiftSession } from './ohif/AiftSession.js';
import { exposeDebugHandle } from './ohif/debugHandle.js';
import type { OhifContext, OhifRegistrationContext } from './ohif/ohifTypes.js';
import { installReaderSignIn } from './ohif/readerSignIn.js';

export * from './id.js';

/** Set by preRegistration; the module getters run after it, on the same registration. */
let session: AiftSession | null = null;

function registered(): AiftSession {
  if (session === null) throw new Error(`${EXTENSION_ID}: a module was requested before preRegistration`);
  return session;
}

const extension = {
  id: EXTENSION_ID,

  /**
   * Installs the reader sign-in (unless OHIF's OIDC login is configured), builds the viewer port over
   * OHIF's services, configured by `window.config.aift` (app-config.js), and exposes `window.__aift`
   * (ohif/debugHandle.ts).
   */
  preRegistration(context: OhifRegistrationContext) {
    session = new AiftSession(context, context.appConfig?.aift ?? {}, installReaderSignIn(context));
    exposeDebugHandle(session);
  },

  /** Leaving any mode: stop the services if the AIFT mode had started them (a no-op otherwise). */
  onModeExit() {
    session?.exit();
  },

  getPanelModule: () => getPanelModule(registered()),
  getCommandsModule: (context: OhifContext) => getCommandsModule(registered(), context),
  getToolbarModule: () => getToolbarModule(registered()),
  getCustomizationModule: () => getCustomizationModule(registered()),
};

export default extension;
