/**
 * The model version whose scores rank the worklist, as one SQL scalar subquery: `latest` once its scores are
 * stored; until then (the seconds between a version's registration and the storage of its scores) the
 * version it was trained from, when that one's scores are stored, so annotators are not shown an empty
 * worklist after every retraining; otherwise `latest` (nothing to rank yet). Leases and the worklist's
 * `modelVersion` both read it, so they always name the same version.
 */
export const RANKING_VERSION_SQL = `(
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM scores x WHERE x.model_version = p.version) THEN p.version
    WHEN EXISTS (SELECT 1 FROM scores x WHERE x.model_version = m.parent) THEN m.parent
    ELSE p.version
  END
  FROM pointers p JOIN model_versions m ON m.version = p.version
  WHERE p.name = 'latest'
)`;
