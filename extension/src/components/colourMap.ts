// Viridis (matplotlib's perceptually uniform, colour-blind safe map) sampled at 9 stops; linear interpolation
// between stops stays within a few levels of the full 256-entry table, which is plenty for an overlay.
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

export type Rgb = readonly [number, number, number];

/** The viridis colour of t in [0, 1] (clamped): dark purple for 0, yellow for 1. */
export function viridis(t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** The same colour as a CSS value. */
export function viridisCss(t: number): string {
  const [r, g, b] = viridis(t);
  return `rgb(${r} ${g} ${b})`;
}
