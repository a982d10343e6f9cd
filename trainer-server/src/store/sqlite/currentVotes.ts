import { SKIP, UNSURE } from '../ports.js';

/**
 * Each annotator's latest unretracted label is their vote; skip and unsure abstain. One row (candidate_id,
 * value) per voting annotator and candidate, so counting rows counts distinct annotators. `where` narrows
 * the labels read (`AND ...`). Consensus decides on these votes and the worklist counts them as reads.
 */
export const currentVotes = (where: string): string => `
  SELECT candidate_id, value FROM (
    SELECT candidate_id, value,
           row_number() OVER (PARTITION BY candidate_id, annotator ORDER BY id DESC) AS recency
    FROM labels WHERE retracted_at IS NULL ${where})
  WHERE recency = 1 AND value NOT IN ('${SKIP}', '${UNSURE}')
  ORDER BY candidate_id`;
