// How numbers read in the panel and the badge. The exact value always travels alongside in `data-value`.

/** A share in [0, 1] as a percentage, e.g. 0.873 -> "87.3%"; "—" for null or non-finite. */
export function formatPercent(value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** A score with three significant decimals, e.g. 0.41237 -> "0.412"; "—" for null or non-finite. */
export function formatScore(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(3);
}
