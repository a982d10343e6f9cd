import { useEffect, useRef } from 'react';
import type { HeatMap } from '../services/types.js';
import { heatMapRaster } from './heatMapRaster.js';

export interface HeatMapCanvasProps {
  readonly heatMap: HeatMap | null;
  /** In [0, 1]; applied to the whole canvas, so moving the slider does not redraw. */
  readonly opacity: number;
  /** Canvas resolution in pixels; the overlay positions and sizes the element over the image box. */
  readonly width: number;
  readonly height: number;
}

/** The per-region uncertainty drawn over the image box; empty (transparent) while there is no map. */
export function HeatMapCanvas({ heatMap, opacity, width, height }: HeatMapCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const w = Math.max(0, Math.round(width));
  const h = Math.max(0, Math.round(height));

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, w, h);
    if (heatMap === null || w === 0 || h === 0) return;
    context.putImageData(new ImageData(heatMapRaster(heatMap, w, h), w, h), 0, 0);
  }, [heatMap, w, h]);

  return (
    <canvas
      ref={canvas}
      data-testid="aift-heatmap"
      data-model-version={heatMap?.modelVersion}
      data-columns={heatMap?.columns}
      data-rows={heatMap?.rows}
      width={w}
      height={h}
      aria-hidden="true"
      style={{
        display: 'block',
        width: '100%',
        height: '100%',
        opacity: Math.min(1, Math.max(0, opacity)),
        pointerEvents: 'none',
      }}
    />
  );
}
