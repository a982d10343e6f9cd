// The schema, as ordered migrations. Never edit one that has shipped: append a new one (see ../README.md).
// Times are ISO-8601 UTC strings from the injected clock (they sort as text); JSON columns are checked.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'candidates, labels, adjudications, audit log',
    sql: `
      CREATE TABLE candidates (
        id TEXT PRIMARY KEY,
        study_uid TEXT NOT NULL,
        series_uid TEXT NOT NULL,
        sop_uid TEXT NOT NULL,
        frame INTEGER NOT NULL CHECK (frame >= 1),
        modality TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        UNIQUE (study_uid, series_uid, sop_uid, frame)
      ) STRICT;

      CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        candidate_id TEXT NOT NULL REFERENCES candidates (id),
        annotator TEXT NOT NULL,
        value TEXT NOT NULL,
        note TEXT,
        idempotency_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        retracted_at TEXT,
        retracted_by TEXT,
        UNIQUE (annotator, idempotency_key),
        CHECK ((retracted_at IS NULL) = (retracted_by IS NULL))
      ) STRICT;
      CREATE INDEX labels_by_candidate ON labels (candidate_id, annotator, id);

      CREATE TABLE adjudications (
        candidate_id TEXT PRIMARY KEY REFERENCES candidates (id),
        value TEXT NOT NULL,
        adjudicated_by TEXT NOT NULL,
        adjudicated_at TEXT NOT NULL,
        reason TEXT
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        details TEXT NOT NULL CHECK (json_valid(details))
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'model versions, latest pointer, scores, leases',
    sql: `
      CREATE TABLE model_versions (
        seq INTEGER PRIMARY KEY,
        version TEXT NOT NULL UNIQUE,
        parent TEXT REFERENCES model_versions (version),
        created_at TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        metrics TEXT NOT NULL CHECK (json_valid(metrics)),
        model_card TEXT NOT NULL CHECK (json_valid(model_card))
      ) STRICT;

      CREATE TABLE pointers (
        name TEXT PRIMARY KEY,
        version TEXT NOT NULL REFERENCES model_versions (version),
        moved_at TEXT NOT NULL,
        moved_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE scores (
        model_version TEXT NOT NULL REFERENCES model_versions (version),
        candidate_id TEXT NOT NULL REFERENCES candidates (id),
        worthiness REAL NOT NULL,
        entropy REAL NOT NULL,
        diversity REAL NOT NULL,
        predicted_class TEXT NOT NULL,
        probability REAL NOT NULL CHECK (probability BETWEEN 0 AND 1),
        PRIMARY KEY (model_version, candidate_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX scores_by_worthiness ON scores (model_version, worthiness DESC, candidate_id);

      CREATE TABLE leases (
        candidate_id TEXT PRIMARY KEY REFERENCES candidates (id),
        annotator TEXT NOT NULL,
        leased_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX leases_by_annotator ON leases (annotator);
    `,
  },
  {
    version: 3,
    name: 'training jobs, API tokens',
    sql: `
      CREATE TABLE training_jobs (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        progress REAL NOT NULL CHECK (progress BETWEEN 0 AND 1),
        message TEXT,
        error TEXT,
        started_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        CHECK ((status = 'running') = (finished_at IS NULL))
      ) STRICT;
      -- The database itself refuses a second running job of a project.
      CREATE UNIQUE INDEX one_running_job_per_project ON training_jobs (project) WHERE status = 'running';

      CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('annotator', 'admin')),
        token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'blind random audit sample',
    sql: `
      -- Each study's place in [0, 1) (auditUnit.ts, registered as aift_audit_unit): the studies below the audit
      -- share are reserved for the audit and never ranked onto the worklist.
      ALTER TABLE candidates ADD COLUMN audit_unit REAL NOT NULL DEFAULT 0 CHECK (audit_unit BETWEEN 0 AND 1);
      UPDATE candidates SET audit_unit = aift_audit_unit(study_uid);
      CREATE INDEX candidates_by_audit_unit ON candidates (audit_unit);
      -- The reserved cases that were served as audit cases: their labels measure each model without the bias
      -- of the worthy-first worklist, and never train it.
      CREATE TABLE audit_sample (
        candidate_id TEXT PRIMARY KEY REFERENCES candidates (id),
        drawn_at TEXT NOT NULL,
        drawn_for TEXT NOT NULL,
        ranking_version TEXT
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'the consensus labels each model version was trained from',
    sql: `
      -- What the version's training job collected (audit labels included), so that the count of new
      -- labels that triggers the next job starts from it after a restart as well.
      CREATE TABLE model_labels (
        model_version TEXT NOT NULL REFERENCES model_versions (version),
        candidate_id TEXT NOT NULL REFERENCES candidates (id),
        value TEXT NOT NULL,
        PRIMARY KEY (model_version, candidate_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
