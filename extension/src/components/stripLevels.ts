/**
 * Worthiness has no fixed range (entropy plus diversity grow with the classes and patches), so the strip shows
 * each frame relative to the series: the lowest scored frame 0, the highest 1, a series of equal scores 0.5.
 * NaN (not yet scored) stays NaN.
 */
export function stripLevels(worthiness: ArrayLike<number>): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < worthiness.length; i++) {
    const v = worthiness[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const levels = new Float64Array(worthiness.length);
  for (let i = 0; i < worthiness.length; i++) {
    const v = worthiness[i]!;
    levels[i] = !Number.isFinite(v) ? NaN : max > min ? (v - min) / (max - min) : 0.5;
  }
  return levels;
}

/** The index of the highest finite worthiness, or null when nothing is scored yet. */
export function mostWorthy(worthiness: ArrayLike<number>): number | null {
  let best: number | null = null;
  for (let i = 0; i < worthiness.length; i++) {
    const v = worthiness[i]!;
    if (Number.isFinite(v) && (best === null || v > worthiness[best]!)) best = i;
  }
  return best;
}
