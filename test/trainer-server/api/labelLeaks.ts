// Finds another annotator's label values in a JSON reply. Class names appear everywhere (the OpenAPI enum,
// the model card), so a value leaks only where it shows beside the candidate it was given to.

/** The model's guess for a candidate: a prediction, not anybody's label. */
const PREDICTION_KEYS = new Set(['predictedClass']);

/**
 * JSONPath-like locations where `values.get(candidateId)` shows, as a string or as a key (a vote tally),
 * inside an object whose `candidateId` is that candidate.
 */
export function labelValueLeaks(json: unknown, values: ReadonlyMap<string, string>, at = '$'): string[] {
  if (json === null || typeof json !== 'object') return [];
  const entries = Object.entries(json);
  const candidateId = (json as Record<string, unknown>)['candidateId'];
  const value = typeof candidateId === 'string' ? values.get(candidateId) : undefined;
  const here = value === undefined ? [] : occurrences(json, value, at);
  return [...here, ...entries.flatMap(([key, child]) => labelValueLeaks(child, values, `${at}.${key}`))];
}

function occurrences(json: unknown, value: string, at: string): string[] {
  if (json === value) return [at];
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([key, child]) => {
    if (PREDICTION_KEYS.has(key)) return [];
    const path = `${at}.${key}`;
    return [...(key === value ? [path] : []), ...occurrences(child, value, path)];
  });
}
