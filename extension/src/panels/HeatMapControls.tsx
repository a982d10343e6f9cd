import type { AiftServices } from '../services/types.js';
import { colours, fontSizes } from '../components/theme.js';

export interface HeatMapControlsProps {
  readonly services: AiftServices;
  readonly overlay: { readonly heatMap: boolean; readonly opacity: number };
}

/** Shows or hides the uncertainty heat map over the image, and sets how strongly it covers the image. */
export function HeatMapControls({ services, overlay }: HeatMapControlsProps) {
  const percent = Math.round(overlay.opacity * 100);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: '0.5rem', fontSize: fontSizes.xs }}>
      <button
        type="button"
        data-testid="aift-heatmap-toggle"
        className="aift-button"
        aria-pressed={overlay.heatMap}
        onClick={() => services.toggleHeatMap(!overlay.heatMap)}
        style={{ whiteSpace: 'nowrap' }}
      >
        Heat map
      </button>
      <input
        type="range"
        data-testid="aift-heatmap-opacity"
        data-value={String(overlay.opacity)}
        className="aift-range"
        aria-label="Heat map opacity"
        aria-valuetext={`${percent}%`}
        min={0}
        max={1}
        step={0.05}
        value={overlay.opacity}
        disabled={!overlay.heatMap}
        onChange={(event) => services.setOpacity(Number(event.target.value))}
        // The arrow keys move the slider; the viewer's hotkeys (previous/next viewport) must not act as well.
        onKeyDown={(event) => event.stopPropagation()}
      />
      <span style={{ color: colours.mutedForeground, minWidth: '2.5rem', textAlign: 'right' }}>
        {percent}%
      </span>
    </div>
  );
}
