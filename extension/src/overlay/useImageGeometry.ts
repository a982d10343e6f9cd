import { useEffect, useState } from 'react';
import { CORNERSTONE_EVENTS } from '../ohif/ohifTypes.js';
import type { CornerstoneViewport } from '../ohif/ohifTypes.js';
import { imageGeometry, sameGeometry } from './imageGeometry.js';
import type { ImageGeometry } from './imageGeometry.js';

/** The image's place on the viewport canvas, re-read after every render (new image, pan, zoom, resize). */
export function useImageGeometry(viewport: CornerstoneViewport | null): ImageGeometry | null {
  const [geometry, setGeometry] = useState<ImageGeometry | null>(null);
  useEffect(() => {
    if (viewport === null) {
      setGeometry(null);
      return;
    }
    const update = () => {
      const next = imageGeometry(viewport);
      setGeometry((previous) => (sameGeometry(previous, next) ? previous : next));
    };
    update();
    viewport.element.addEventListener(CORNERSTONE_EVENTS.imageRendered, update);
    return () => viewport.element.removeEventListener(CORNERSTONE_EVENTS.imageRendered, update);
  }, [viewport]);
  return geometry;
}
