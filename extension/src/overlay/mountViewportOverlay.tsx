// One React root for the overlay, in a positioned layer that follows the active viewport's element (it is
// moved, not re-created, when the active viewport changes). The layer lets the mouse through to the
// viewport's tools except where a component asks for it (the frame strip).
import { createRoot } from 'react-dom/client';
import type { OhifViewerPort } from '../ohif/OhifViewerPort.js';
import type { AiftServices } from '../services/types.js';
import { ViewportOverlay } from './ViewportOverlay.js';

export function mountViewportOverlay(port: OhifViewerPort, services: AiftServices): () => void {
  const layer = document.createElement('div');
  layer.dataset.testid = 'aift-overlay';
  Object.assign(layer.style, {
    position: 'absolute',
    inset: '0',
    overflow: 'hidden',
    pointerEvents: 'none',
    zIndex: '1',
  });
  const root = createRoot(layer);
  root.render(<ViewportOverlay port={port} services={services} />);

  const place = () => {
    const element = port.activeViewport.get()?.element;
    if (!element) return layer.remove();
    if (getComputedStyle(element).position === 'static') element.style.position = 'relative';
    if (layer.parentElement !== element) element.appendChild(layer);
  };
  place();
  const unsubscribe = port.activeViewport.subscribe(place);
  return () => {
    unsubscribe();
    root.unmount();
    layer.remove();
  };
}
