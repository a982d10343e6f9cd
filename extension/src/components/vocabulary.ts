// The panel's words for the model's numbers, one place for every screen: what each number is (tooltips in
// a radiologist's words) and how a case's rank reads, so the worklist, the case and the badge agree.
import type { Ranking, WorklistCase } from '../services/types.js';
import { formatScore } from './format.js';

export const EXPLAIN = {
  entropy:
    'Entropy: how unsure the model is between the classes for this image. 0 = sure of one class; 1 = cannot tell them apart.',
  diversity:
    "Diversity: how much the model's answer changes when the same image is slightly shifted, flipped or rotated. High = its opinion is unstable.",
  worthiness:
    'Worthiness: how much your label of this image should teach the model (entropy plus diversity). The worklist asks about the highest first.',
  coldStart:
    'Cold start: the model has learned nothing yet, so the first cases are picked to cover the variety of the pool (robust k-center: each pick is the image least like those picked before, leaving out the oddest fifth). Pick 1 was picked first.',
  untrained:
    'This model has not learned from any label yet: its class guesses mean nothing. They become meaningful after the first training.',
} as const;

/** The cold-start method as a reader sees it, e.g. 'robust-kcenter' -> 'robust k-center'. */
export function methodName(method: string): string {
  return method === 'robust-kcenter' ? 'robust k-center' : method.replace(/-/g, ' ');
}

/** What the list is sorted by, for its heading: 'worthiness' or 'cold-start pick (robust k-center)'. */
export function rankingName(ranking: Ranking): string {
  return ranking.by === 'coldStart' ? `cold-start pick (${methodName(ranking.method)})` : 'worthiness';
}

/** The number a case is ranked by, short (a worklist row): '0.412' or 'pick 3'. */
export function rankShort(c: Pick<WorklistCase, 'ranking' | 'pick' | 'worthiness'>): string {
  if (c.ranking?.by === 'coldStart') return c.pick === null ? 'not picked' : `pick ${c.pick}`;
  return formatScore(c.worthiness);
}

/** The same, in full: 'worthiness 0.412' or 'pick 3 of 500, robust k-center'. */
export function rankLong(c: Pick<WorklistCase, 'ranking' | 'pick' | 'worthiness'>): string {
  const { ranking } = c;
  if (ranking?.by === 'coldStart') {
    const method = methodName(ranking.method);
    return c.pick === null
      ? `not among the ${ranking.picks} cold-start picks (${method})`
      : `pick ${c.pick} of ${ranking.picks}, ${method}`;
  }
  return c.worthiness === null ? 'not scored' : `worthiness ${formatScore(c.worthiness)}`;
}
