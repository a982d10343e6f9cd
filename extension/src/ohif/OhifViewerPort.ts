// The services' ViewerPort over a running OHIF viewer: follows the active Cornerstone viewport, opens
// frames in it, and hands over the data source's WADO root, the user's Authorization header and OHIF's
// notifications. Only this file and the overlay touch OHIF/Cornerstone viewport APIs.
import { createObservable } from '../services/observable.js';
import type { FrameRef, Observable, ViewerPort } from '../services/types.js';
import { frameOfImageId, framesOfDisplaySet, sameFrame } from './imageIdFrames.js';
import type { CornerstoneViewport, DisplaySet, OhifContext, Subscription } from './ohifTypes.js';
import { CORNERSTONE_EVENTS } from './ohifTypes.js';

/** How long open() waits for the viewport to show a newly loaded series. */
const OPEN_TIMEOUT_MS = 30_000;
/** The frame must be on screen at this many checks in a row, this far apart, for an open to be done. */
const SETTLE_CHECKS = 10;
const SETTLE_INTERVAL_MS = 100;

export class OhifViewerPort implements ViewerPort {
  private readonly frame = createObservable<FrameRef | null>(null);
  private readonly viewport = createObservable<CornerstoneViewport | null>(null);
  private subscriptions: Subscription[] = [];
  private listenedElement: HTMLElement | null = null;
  private readonly onNewImage = () => this.frame.set(this.currentFrame());

  readonly displayedFrame: Observable<FrameRef | null> = this.frame;
  /** The active Cornerstone viewport, for the overlay that draws over it. */
  readonly activeViewport: Observable<CornerstoneViewport | null> = this.viewport;

  constructor(private readonly ohif: OhifContext) {}

  /** Starts following the active viewport (on entering the mode). */
  attach(): void {
    this.detach();
    const { viewportGridService: grid, cornerstoneViewportService: viewports } =
      this.ohif.servicesManager.services;
    const follow = () => this.follow();
    const events: [typeof grid | typeof viewports, string | undefined][] = [
      [grid, grid.EVENTS.ACTIVE_VIEWPORT_ID_CHANGED],
      [grid, grid.EVENTS.GRID_STATE_CHANGED],
      [grid, grid.EVENTS.VIEWPORTS_READY],
      [viewports, viewports.EVENTS.VIEWPORT_DATA_CHANGED],
    ];
    this.subscriptions = events.flatMap(([service, event]) =>
      event ? [service.subscribe(event, follow)] : [],
    );
    follow();
  }

  detach(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
    this.listenedElement?.removeEventListener(CORNERSTONE_EVENTS.stackNewImage, this.onNewImage);
    this.listenedElement = null;
    this.viewport.set(null);
    this.frame.set(null);
  }

  seriesFrames(seriesInstanceUid: string): readonly FrameRef[] {
    const shown = this.shownFrames();
    if (shown[0]?.seriesInstanceUid === seriesInstanceUid) return shown;
    const displaySet = this.displaySets().find(
      (candidate) => candidate.SeriesInstanceUID === seriesInstanceUid,
    );
    return displaySet ? framesOfDisplaySet(displaySet) : [];
  }

  /** Counts opens, so a newer one stops an older one still settling. */
  private openGeneration = 0;

  async open(frame: FrameRef): Promise<void> {
    // A newer open supersedes this one: two opens must not jump the viewport back and forth.
    const generation = ++this.openGeneration;
    if (this.frame.get()?.seriesInstanceUid === frame.seriesInstanceUid)
      return this.settleOn(frame, generation);
    const { commandsManager } = this.ohif;
    if (!commandsManager.getCommand('loadStudy')) return navigateToStudy(frame.studyInstanceUid);
    await commandsManager.runCommand('loadStudy', { StudyInstanceUID: frame.studyInstanceUid });
    const displaySet = this.displaySets().find(
      (candidate) =>
        candidate.SeriesInstanceUID === frame.seriesInstanceUid &&
        (candidate.instances ?? []).some((instance) => instance.SOPInstanceUID === frame.sopInstanceUid),
    );
    if (!displaySet)
      throw new Error(`Series ${frame.seriesInstanceUid} is not in study ${frame.studyInstanceUid}`);
    const { viewportGridService, hangingProtocolService } = this.ohif.servicesManager.services;
    const viewportId = viewportGridService.getActiveViewportId();
    if (viewportId === undefined) throw new Error('No active viewport to open the case in');
    // Mount the stack on the case's image (OHIF would show its middle): one jump fewer, one race fewer.
    const index = framesOfDisplaySet(displaySet).findIndex((shown) => sameFrame(shown, frame));
    const viewportsToUpdate = hangingProtocolService
      .getViewportsRequireUpdate(viewportId, displaySet.displaySetInstanceUID)
      .map((update) =>
        update.viewportId === viewportId && index >= 0
          ? {
              ...update,
              viewportOptions: {
                ...update.viewportOptions,
                initialImageOptions: { index, useOnce: true },
              },
            }
          : update,
      );
    commandsManager.runCommand('setDisplaySetsForViewports', { viewportsToUpdate });
    await this.seriesShown(frame.seriesInstanceUid);
    if (generation === this.openGeneration) await this.settleOn(frame, generation);
  }

  /**
   * Jumps to `frame` until it stays on screen: once a stack has loaded, OHIF may still move the viewport to
   * the hanging protocol's initial image (the middle of a stack), after a jump made too early.
   */
  private async settleOn(frame: FrameRef, generation: number): Promise<void> {
    const end = Date.now() + OPEN_TIMEOUT_MS;
    let steady = 0;
    while (steady < SETTLE_CHECKS && generation === this.openGeneration) {
      if (Date.now() > end) {
        throw new Error(
          `The viewer did not keep ${frame.sopInstanceUid} on screen within ${OPEN_TIMEOUT_MS / 1000} s`,
        );
      }
      if (sameFrame(this.frame.get(), frame)) steady++;
      else {
        steady = 0;
        this.jumpTo(frame);
      }
      await new Promise((resolve) => setTimeout(resolve, SETTLE_INTERVAL_MS));
    }
  }

  jumpTo(frame: FrameRef): void {
    const index = this.stackFrames().findIndex((shown) => sameFrame(shown, frame));
    const viewport = this.viewport.get();
    if (index < 0 || !viewport?.setImageIdIndex) {
      console.warn('AIFT: frame is not in the active viewport', frame);
      return;
    }
    void viewport.setImageIdIndex(index);
  }

  wadoRoot(): string {
    const root = this.ohif.extensionManager.getActiveDataSourceDefinition()?.configuration?.wadoRoot;
    if (!root)
      throw new Error('The active OHIF data source has no wadoRoot (AIFT needs a DICOMweb data source)');
    return root;
  }

  authorizationHeader(): Record<string, string> {
    return this.ohif.servicesManager.services.userAuthenticationService.getAuthorizationHeader?.() ?? {};
  }

  notify(message: { title: string; message: string; type: 'info' | 'success' | 'warning' | 'error' }): void {
    this.ohif.servicesManager.services.uiNotificationService.show({ ...message, duration: 5000 });
  }

  /** Re-reads the active viewport after any grid or viewport change, and listens to its new images. */
  private follow(): void {
    const { viewportGridService, cornerstoneViewportService } = this.ohif.servicesManager.services;
    const viewportId = viewportGridService.getActiveViewportId();
    const viewport =
      viewportId === undefined
        ? null
        : (cornerstoneViewportService.getCornerstoneViewport(viewportId) ?? null);
    this.viewport.set(viewport);
    const element = viewport?.element ?? null;
    if (element !== this.listenedElement) {
      this.listenedElement?.removeEventListener(CORNERSTONE_EVENTS.stackNewImage, this.onNewImage);
      element?.addEventListener(CORNERSTONE_EVENTS.stackNewImage, this.onNewImage);
      this.listenedElement = element;
    }
    this.frame.set(this.currentFrame());
  }

  private currentFrame(): FrameRef | null {
    const imageId = this.viewport.get()?.getCurrentImageId?.();
    if (!imageId) return null;
    const next = frameOfImageId(imageId, this.activeDisplaySet());
    // Keep the same object while the frame is the same, so subscribers are not woken for nothing.
    return sameFrame(next, this.frame.get()) ? this.frame.get() : next;
  }

  /** The frames of the active viewport's stack, in its display order. */
  private shownFrames(): FrameRef[] {
    return this.stackFrames().filter((frame) => frame !== null);
  }

  /** One entry per image id of the active viewport's stack (null where one cannot be read), so indices match. */
  private stackFrames(): (FrameRef | null)[] {
    const imageIds = this.viewport.get()?.getImageIds?.() ?? [];
    const displaySet = this.activeDisplaySet();
    return imageIds.map((imageId) => frameOfImageId(imageId, displaySet));
  }

  private activeDisplaySet(): DisplaySet | undefined {
    const { viewportGridService, displaySetService } = this.ohif.servicesManager.services;
    const viewportId = viewportGridService.getActiveViewportId();
    if (viewportId === undefined) return undefined;
    const uid = viewportGridService.getState().viewports.get(viewportId)?.displaySetInstanceUIDs?.[0];
    return uid === undefined ? undefined : displaySetService.getDisplaySetByUID(uid);
  }

  private displaySets(): DisplaySet[] {
    return this.ohif.servicesManager.services.displaySetService.getActiveDisplaySets();
  }

  private seriesShown(seriesInstanceUid: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.frame.get()?.seriesInstanceUid === seriesInstanceUid) return resolve();
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new Error(`The viewer did not show series ${seriesInstanceUid} within ${OPEN_TIMEOUT_MS / 1000} s`),
        );
      }, OPEN_TIMEOUT_MS);
      const unsubscribe = this.frame.subscribe((frame) => {
        if (frame?.seriesInstanceUid !== seriesInstanceUid) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }
}

/** Without the default extension's loadStudy command, the study can only be opened by a page load. */
function navigateToStudy(studyInstanceUid: string): Promise<void> {
  const url = new URL(window.location.href);
  url.searchParams.set('StudyInstanceUIDs', studyInstanceUid);
  window.location.assign(url);
  return new Promise(() => undefined);
}
