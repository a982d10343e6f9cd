// `window.__aift`: a small read-mostly handle for end-to-end tests and support sessions, so they can see
// what the extension sees without reaching into OHIF's internals.
import type { AiftServices, FrameRef } from '../services/types.js';
import type { AiftSession } from './AiftSession.js';

export interface AiftDebugHandle {
  /** The running services (AIFT mode on screen), else null. */
  services(): AiftServices | null;
  /** The frame in the active viewport, as the services see it. */
  displayedFrame(): FrameRef | null;
  /** Opens a frame as a worklist case would be opened (ViewerPort.open). */
  open(frame: FrameRef): Promise<void>;
}

export function exposeDebugHandle(session: AiftSession): void {
  const handle: AiftDebugHandle = {
    services: () => session.services.get(),
    displayedFrame: () => session.port.displayedFrame.get(),
    open: (frame) => session.port.open(frame),
  };
  Object.defineProperty(globalThis, '__aift', { value: Object.freeze(handle), configurable: true });
}
