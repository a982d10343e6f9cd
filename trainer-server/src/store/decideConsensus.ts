import type { Adjudication, Consensus } from './ports.js';

/**
 * The consensus of one candidate from its annotators' current class votes (one per annotator; skip and unsure
 * do not vote). An adjudication overrides the votes. A single leader wins even against dissent, but any
 * dissent, and every tie, asks for an admin.
 */
export function decideConsensus(
  candidateId: string,
  votes: readonly string[],
  adjudication: Adjudication | null,
): Consensus {
  const tally: Record<string, number> = {};
  for (const value of votes) tally[value] = (tally[value] ?? 0) + 1;
  if (adjudication) {
    return {
      candidateId,
      value: adjudication.value,
      status: 'adjudicated',
      needsAdjudication: false,
      votes: tally,
      adjudication,
    };
  }
  const ranked = Object.entries(tally).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first) {
    return {
      candidateId,
      value: null,
      status: 'unlabeled',
      needsAdjudication: false,
      votes: tally,
      adjudication,
    };
  }
  if (second && second[1] === first[1]) {
    return { candidateId, value: null, status: 'tie', needsAdjudication: true, votes: tally, adjudication };
  }
  const status = second ? 'majority' : 'unanimous';
  return {
    candidateId,
    value: first[0],
    status,
    needsAdjudication: second !== undefined,
    votes: tally,
    adjudication,
  };
}
