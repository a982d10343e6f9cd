// The extension's state across OHIF's lifecycle: the viewer port is built once (preRegistration); the
// services, the viewport overlay and the toolbar refresh live from entering the AIFT mode until leaving it.
import { createAiftServices, DEFAULT_TRAINER_URL } from '../services/createAiftServices.js';
import type { AiftServicesRoot } from '../services/createAiftServices.js';
import { createObservable } from '../services/observable.js';
import { createStudyMarksLoader } from '../services/studyMarks.js';
import type { LoadStudyMark } from '../services/studyMarks.js';
import { createTrainerClient } from '../services/trainerClient.js';
import type { ReaderSignIn } from '../services/readerSignIn.js';
import type { AiftServices, AiftViewerConfig, Observable } from '../services/types.js';
import { mountViewportOverlay } from '../overlay/mountViewportOverlay.js';
import { OhifViewerPort } from './OhifViewerPort.js';
import { openStartCase } from './startCase.js';
import type { OhifContext } from './ohifTypes.js';

export class AiftSession {
  private readonly running = createObservable<AiftServicesRoot | null>(null);
  private stopSession: (() => void) | null = null;

  /** The services while the AIFT mode is on screen, else null; the panel renders from it. */
  readonly services: Observable<AiftServices | null> = this.running;
  readonly port: OhifViewerPort;
  /** The marks of OHIF's study list rows (any route: the list is outside the mode). */
  readonly loadStudyMark: LoadStudyMark;

  constructor(
    private readonly ohif: OhifContext,
    private readonly config: AiftViewerConfig,
    /** The extension's token sign-in; null when OHIF's own OIDC login signs readers in. */
    readonly signIn: ReaderSignIn | null,
  ) {
    this.port = new OhifViewerPort(ohif);
    const client = createTrainerClient({
      baseUrl: config.trainerUrl ?? DEFAULT_TRAINER_URL,
      headers: () => this.port.authorizationHeader(),
    });
    this.loadStudyMark = createStudyMarksLoader((uids) => client.studyMarks(uids));
  }

  /**
   * Gives the reader's held cases back (under single reading, the next reader at this workstation would
   * otherwise find them taken until their leases expire; offline, they expire as usual), forgets the token
   * and starts the page afresh, which then asks who is labeling: nothing the viewer loaded or cached for one
   * reader stays on screen for the next.
   */
  async signOut(): Promise<void> {
    await this.running
      .get()
      ?.releaseCases()
      .catch(() => undefined);
    this.signIn?.signOut();
    window.location.reload();
  }

  enter(): void {
    if (this.running.get() !== null) return;
    this.port.attach();
    const services = createAiftServices({ config: this.config, viewer: this.port });
    const unmountOverlay = mountViewportOverlay(this.port, services);
    const { toolbarService, viewportGridService } = this.ohif.servicesManager.services;
    // The heat-map button's evaluator reads the overlay state: re-evaluate when it changes.
    const unsubscribeToolbar = services.overlay.subscribe(() =>
      toolbarService.refreshToolbarState({ viewportId: viewportGridService.getActiveViewportId() ?? '' }),
    );
    this.stopSession = () => {
      unsubscribeToolbar();
      unmountOverlay();
      services.dispose();
      this.port.detach();
    };
    this.running.set(services);
    services
      .start()
      .then(() => openStartCase(services))
      .catch((error: unknown) =>
        this.port.notify({
          title: 'AIFT could not start',
          message: error instanceof Error ? error.message : String(error),
          type: 'error',
        }),
      );
  }

  exit(): void {
    this.stopSession?.();
    this.stopSession = null;
    this.running.set(null);
  }
}
