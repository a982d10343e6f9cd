// Where the displayed image lies on the viewport's canvas, as a CSS matrix that maps a box of
// columns x rows CSS pixels (one per image pixel) onto it: pan, zoom, rotation and flips included.
import type { CornerstoneViewport } from '../ohif/ohifTypes.js';

export interface ImageGeometry {
  readonly columns: number;
  readonly rows: number;
  /** CSS `matrix(a, b, c, d, e, f)` with transform-origin at the box's top-left corner. */
  readonly matrix: readonly [number, number, number, number, number, number];
}

export function imageGeometry(viewport: CornerstoneViewport): ImageGeometry | null {
  const data = viewport.getImageData?.();
  if (!data) return null;
  const [columns, rows] = data.dimensions;
  if (columns <= 0 || rows <= 0) return null;
  // Pixel centres sit at integer indices, so the image's outer edges are half a pixel beyond them.
  const corner = (i: number, j: number) =>
    viewport.worldToCanvas(data.imageData.indexToWorld([i - 0.5, j - 0.5, 0]));
  const [left, top] = corner(0, 0);
  const [rightX, rightY] = corner(columns, 0);
  const [bottomX, bottomY] = corner(0, rows);
  return {
    columns,
    rows,
    matrix: [
      (rightX - left) / columns,
      (rightY - top) / columns,
      (bottomX - left) / rows,
      (bottomY - top) / rows,
      left,
      top,
    ],
  };
}

export function sameGeometry(a: ImageGeometry | null, b: ImageGeometry | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.columns === b.columns &&
    a.rows === b.rows &&
    a.matrix.every((value, i) => Math.abs(value - (b.matrix[i] ?? NaN)) < 1e-3)
  );
}
