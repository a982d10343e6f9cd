// Lays the render-only components over the active viewport: the badge in a corner with the heat map's legend
// under it, the heat map on the image itself, the frame strip with its scale along the bottom edge for series
// of more than one frame. OHIF's own corner texts (W/L, frame number, study) stay uncovered: the strip sits
// above the bottom ones, the badge below the top-right one.
import { FrameStrip } from '../components/FrameStrip.js';
import { HeatMapCanvas } from '../components/HeatMapCanvas.js';
import { UncertaintyBadge } from '../components/UncertaintyBadge.js';
import { ViridisScale } from '../components/ViridisScale.js';
import { colours, fontSizes } from '../components/theme.js';
import { useObservable } from '../components/useObservable.js';
import { sameFrame } from '../ohif/imageIdFrames.js';
import type { OhifViewerPort } from '../ohif/OhifViewerPort.js';
import type { AiftServices } from '../services/types.js';
import { useImageGeometry } from './useImageGeometry.js';

/** The heat map's canvas resolution, at most, along the image's longer side (the map itself is coarse). */
const MAX_HEAT_MAP_PIXELS = 512;

const NOTE_STYLE = {
  background: colours.overlay,
  color: colours.foreground,
  fontSize: fontSizes.xxs,
  padding: '0.25rem 0.4rem',
  borderRadius: '0.25rem',
  maxWidth: '24rem',
} as const;

export function ViewportOverlay({
  port,
  services,
}: {
  readonly port: OhifViewerPort;
  readonly services: AiftServices;
}) {
  const viewport = useObservable(port.activeViewport);
  const frame = useObservable(port.displayedFrame);
  const geometry = useImageGeometry(viewport);
  const score = useObservable(services.score);
  const model = useObservable(services.model);
  const heatMap = useObservable(services.heatMap);
  const overlay = useObservable(services.overlay);
  const strip = useObservable(services.strip);

  const stripIndex = strip?.frames.findIndex((candidate) => sameFrame(candidate, frame)) ?? -1;
  const heatMapScale = geometry
    ? Math.min(1, MAX_HEAT_MAP_PIXELS / Math.max(geometry.columns, geometry.rows))
    : 1;

  return (
    <>
      {overlay.heatMap && geometry !== null && (
        <div
          data-testid="aift-heatmap-frame"
          style={{
            position: 'absolute',
            left: 0,
            top: 0,
            width: `${geometry.columns}px`,
            height: `${geometry.rows}px`,
            transformOrigin: '0 0',
            transform: `matrix(${geometry.matrix.join(', ')})`,
          }}
        >
          <HeatMapCanvas
            heatMap={heatMap}
            opacity={overlay.opacity}
            width={geometry.columns * heatMapScale}
            height={geometry.rows * heatMapScale}
          />
        </div>
      )}
      <div
        style={{
          position: 'absolute',
          top: '4.5rem',
          right: '1.5rem',
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'flex-end',
          gap: '0.3rem',
        }}
      >
        <UncertaintyBadge score={score} model={model} />
        {overlay.heatMap && heatMap !== null && (
          <ViridisScale
            testId="aift-heatmap-legend"
            caption={`Model uncertainty per region (entropy, 0–1): ${heatMap.columns} × ${heatMap.rows} regions, model ${heatMap.modelVersion}`}
            low="0 sure"
            high="1 unsure"
          />
        )}
        {overlay.heatMap && model !== null && !model.cellMap && (
          <div data-testid="aift-heatmap-unavailable" style={NOTE_STYLE}>
            {`Model ${model.version} was published without a per-region output: no heat map until the next version`}
          </div>
        )}
      </div>
      {strip !== null && strip.frames.length > 1 && (
        <div
          style={{
            position: 'absolute',
            left: '0.5rem',
            right: '0.5rem',
            bottom: '3.75rem',
            pointerEvents: 'auto',
            display: 'flex',
            flexDirection: 'column',
            gap: '0.2rem',
          }}
        >
          <ViridisScale
            testId="aift-strip-scale"
            caption={`Worthiness of each of the series' ${strip.frames.length} frames, relative to the series; click a frame to open it`}
            low="least"
            high="most worth labeling"
          />
          <FrameStrip
            strip={strip}
            currentIndex={stripIndex < 0 ? null : stripIndex}
            onJump={(index) => services.jumpToFrame(index)}
          />
        </div>
      )}
    </>
  );
}
