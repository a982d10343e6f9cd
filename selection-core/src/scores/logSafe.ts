/**
 * Added inside logarithms of ratios. Float32 softmax outputs saturate to exactly 0 and 1, and values
 * below ~1e-7 are rounding noise, so they are treated alike; this keeps every score finite.
 */
export const LOG_EPSILON = 1e-7;

/** p * ln(p) with its limit 0 at p = 0. */
export function xLogX(p: number): number {
  return p > 0 ? p * Math.log(p) : 0;
}
