/**
 * The nearest-rank `p`-th percentile (0 < p <= 100) of a sample. NaN values are left out; infinities are
 * ordered like any other value (an estimate that can be unbounded keeps its unbounded draws).
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}
