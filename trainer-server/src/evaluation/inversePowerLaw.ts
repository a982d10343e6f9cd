/**
 * A learning curve of the inverse power law form, performance(n) = a - b * n^(-c): the form Figueroa et al.
 * fitted to predict the sample size a medical classifier needs (BMC Med Inform Decis Mak 12:8, 2012).
 * a is the plateau (at most 1), b >= 0 how far below it the curve starts, c > 0 how fast it rises.
 */
export interface InversePowerLaw {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** Exponents tried for c; for each, a and b are the least-squares solution (capped a <= 1, b >= 0). */
const EXPONENTS = Array.from({ length: 60 }, (_, i) => 0.05 * (i + 1));

/** The least-squares fit to (labels, performance) points; needs three distinct label counts. */
export function fitInversePowerLaw(
  points: readonly { readonly n: number; readonly y: number }[],
): InversePowerLaw {
  if (new Set(points.map((p) => p.n)).size < 3) {
    throw new RangeError('an inverse power law needs points at three or more label counts');
  }
  if (points.some((p) => !(p.n >= 1) || !Number.isFinite(p.y))) {
    throw new RangeError('every point needs n >= 1 and a finite value');
  }
  let best: { fit: InversePowerLaw; sse: number } | undefined;
  for (const c of EXPONENTS) {
    const fit = fitForExponent(points, c);
    const sse = points.reduce((sum, p) => sum + (p.y - valueAt(fit, p.n)) ** 2, 0);
    if (best === undefined || sse < best.sse) best = { fit, sse };
  }
  return best!.fit;
}

/** The curve's value at n labels. */
export function valueAt({ a, b, c }: InversePowerLaw, n: number): number {
  return a - b * n ** -c;
}

/**
 * The labels at which the curve reaches `target`: Infinity when it never does (the target is at or above
 * the plateau, or the curve is flat below it); at most 1 when it starts above it.
 */
export function labelsToReach({ a, b, c }: InversePowerLaw, target: number): number {
  if (target >= a) return Infinity;
  if (b === 0) return 1;
  return Math.max(1, ((a - target) / b) ** (-1 / c));
}

function fitForExponent(
  points: readonly { readonly n: number; readonly y: number }[],
  c: number,
): InversePowerLaw {
  const xs = points.map((p) => p.n ** -c);
  const ys = points.map((p) => p.y);
  const count = points.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / count;
  const meanY = ys.reduce((s, y) => s + y, 0) / count;
  const sxx = xs.reduce((s, x) => s + (x - meanX) ** 2, 0);
  const sxy = xs.reduce((s, x, i) => s + (x - meanX) * (ys[i]! - meanY), 0);
  // y = a - b x: the slope of y on x is -b.
  let b = sxx === 0 ? 0 : -sxy / sxx;
  let a = meanY + b * meanX;
  if (b < 0) return { a: Math.min(1, meanY), b: 0, c };
  if (a > 1) {
    // The plateau cannot pass a perfect score: refit b with a = 1.
    a = 1;
    const sx2 = xs.reduce((s, x) => s + x * x, 0);
    b = Math.max(0, xs.reduce((s, x, i) => s + x * (1 - ys[i]!), 0) / sx2);
  }
  return { a, b, c };
}
