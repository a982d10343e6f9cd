// The browser side of createAiftServices.test.ts, bundled by the test with esbuild: the whole service
// bundle on a page whose origin proxies '/api' to the trainer and '/dicom-web' to Orthanc, with a
// ViewerPort that "displays" a frame by setting it (there is no OHIF here).
import { createAiftServices } from '../../../extension/src/services/createAiftServices.js';
import type { AiftServicesRoot } from '../../../extension/src/services/createAiftServices.js';
import { createObservable } from '../../../extension/src/services/observable.js';
import type { FrameRef, ViewerPort } from '../../../extension/src/services/types.js';

type Notification = Parameters<ViewerPort['notify']>[0];

export interface ServicesPage {
  start(token: string): Promise<void>;
  /** The services (for calls) and what the viewer port saw. */
  readonly services: () => AiftServicesRoot;
  readonly notifications: Notification[];
  readonly opened: FrameRef[];
  /** Puts a frame on screen without the services asking (as the study browser or a stack scroll does). */
  show(frame: FrameRef): void;
  /** Everything the panels would read, as plain data. */
  snapshot(): unknown;
}

const notifications: Notification[] = [];
const opened: FrameRef[] = [];
let services: AiftServicesRoot | undefined;
const displayedFrame = createObservable<FrameRef | null>(null);

const page: ServicesPage = {
  async start(token) {
    const viewer: ViewerPort = {
      displayedFrame,
      seriesFrames: () => [],
      open: (frame) => {
        opened.push(frame);
        displayedFrame.set(frame);
        return Promise.resolve();
      },
      jumpTo: (frame) => displayedFrame.set(frame),
      // The page's own origin proxies /dicom-web to Orthanc (test tsconfig has no DOM types).
      wadoRoot: () => `${(globalThis as unknown as { location: URL }).location.origin}/dicom-web`,
      // The reader's sign-in, as OHIF's userAuthenticationService answers it once the extension signed them in.
      authorizationHeader: () => ({ Authorization: `Bearer ${token}` }),
      notify: (message) => void notifications.push(message),
    };
    services = createAiftServices({ config: { worklistSize: 4 }, viewer });
    await services.start();
  },
  services: () => {
    if (!services) throw new Error('call start() first');
    return services;
  },
  notifications,
  opened,
  show: (frame) => displayedFrame.set(frame),
  snapshot() {
    const s = page.services();
    const model = s.model.get();
    const heatMap = s.heatMap.get();
    return {
      model: model && { version: model.version, backend: model.backend, classes: model.card.classes },
      score: s.score.get(),
      heatMap: heatMap && { ...heatMap, values: [...heatMap.values] },
      worklist: s.worklist.get(),
      screen: s.screen.get(),
      currentCase: s.currentCase.get(),
      undone: s.undone.get(),
      training: s.training.get(),
      progress: s.progress.get(),
      curve: s.curve.get(),
      connection: s.connection.get(),
      lastLabel: s.lastLabel.get(),
      overlay: s.overlay.get(),
      problems: s.problems.get(),
      notifications,
    };
  },
};
(globalThis as { aift?: ServicesPage }).aift = page;
