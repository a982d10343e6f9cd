/** A figure over seeds: its mean and its sample standard deviation (0 for a single seed). */
export interface Spread {
  readonly mean: number;
  readonly sd: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: Number.NaN, sd: Number.NaN };
  const m = mean(values);
  const sd =
    values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : 0;
  return { mean: m, sd };
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
