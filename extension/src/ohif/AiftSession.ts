// The extension's state across OHIF's lifecycle: the viewer port is built once (preRegistration); the
// services, the viewport overlay and the toolbar refresh live from entering the AIFT mode until leaving it.
import { createAiftServices } from '../services/createAiftServices.js';
import type { AiftServicesRoot } from '../services/createAiftServices.js';
import { createObservable } from '../services/observable.js';
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

  constructor(
    private readonly ohif: OhifContext,
    private readonly config: AiftViewerConfig,
  ) {
    this.port = new OhifViewerPort(ohif);
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
