// A candidate as the viewer shows it, from the worklist or looked up by its UIDs: its UIDs, the ranking
// version's scores, and what that ranking's number means (worthiness, or a cold start's pick order).
import type { Candidate, Lease, Store } from '../store/index.js';
import type { CandidateCaseDto, RankingDto } from './schemas/index.js';

type RankingStore = Pick<Store, 'models' | 'scores'>;

/** What orders `version`'s scores: its model card says whether it is a cold start. */
export function rankingOf(store: RankingStore, version: string | null): RankingDto | null {
  if (version === null) return null;
  const coldStart = store.models.get(version)?.modelCard['coldStart'];
  if (coldStart === null || typeof coldStart !== 'object' || Array.isArray(coldStart)) {
    return { by: 'worthiness' };
  }
  const { method } = coldStart as { readonly method?: unknown };
  if (typeof method !== 'string') throw new Error(`the model card of ${version} names no cold-start method`);
  // ScoringService.coldStart stores pick r (0-based) of `picks` as (picks - r) / picks and 0 for the rest.
  return { by: 'coldStart', method, picks: store.scores.countAbove(version, 0) };
}

/** The 1-based pick of a cold-start worthiness; null when unranked or not a cold start. */
export function pickOf(ranking: RankingDto | null, worthiness: number | null): number | null {
  if (ranking?.by !== 'coldStart' || worthiness === null || worthiness <= 0) return null;
  return Math.round(ranking.picks * (1 - worthiness)) + 1;
}

/** The candidate with `version`'s scores; `worthiness` as the caller ranked it (a lease's, else the score's). */
export function candidateCase(
  store: Pick<Store, 'scores'>,
  version: string | null,
  ranking: RankingDto | null,
  candidate: Candidate,
  lease: Lease | undefined,
): CandidateCaseDto {
  const score = version === null ? undefined : store.scores.get(version, candidate.id);
  const worthiness = lease?.worthiness ?? score?.worthiness ?? null;
  return {
    candidateId: candidate.id,
    studyInstanceUid: candidate.studyInstanceUid,
    seriesInstanceUid: candidate.seriesInstanceUid,
    sopInstanceUid: candidate.sopInstanceUid,
    frame: candidate.frame,
    modality: candidate.modality,
    worthiness,
    pick: pickOf(ranking, worthiness),
    entropy: score?.entropy ?? null,
    diversity: score?.diversity ?? null,
    predictedClass: score?.predictedClass ?? null,
    probability: score?.probability ?? null,
    leaseExpiresAt: lease?.expiresAt.toISOString() ?? null,
  };
}
