// What the rest of the server may ask of storage, one narrow port per concern. Only store/ speaks SQL; a
// PostgreSQL back-end implements these same interfaces. Times are Dates from the injected clock. No patient
// names or IDs ever cross these ports: a candidate is known by its DICOM UIDs only.

/** The store's only source of time, so tests can move it and nothing reads the wall clock behind our back. */
export type Clock = () => Date;

export type Role = 'annotator' | 'admin';

/** Who is acting, as authentication established it. */
export interface Actor {
  readonly name: string;
  readonly role: Role;
}

/** A JSON object as stored (metrics, model cards, audit details). */
export type JsonObject = { readonly [key: string]: unknown };

// ---- candidates -------------------------------------------------------------------------------------

/** One frame of one DICOM instance: the unit a radiologist labels. */
export interface CandidateRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  /** The DICOM frame number: 1-based, as everywhere in the server (store/README.md); 1 for single-frame instances. */
  readonly frame: number;
  readonly modality: string;
}

export interface Candidate extends CandidateRef {
  /** Stable id derived from the UIDs and frame (see candidateId.ts). */
  readonly id: string;
  readonly registeredAt: Date;
}

export interface CandidateStore {
  /** Registers a candidate; registering it again is a no-op that returns the stored one. */
  register(ref: CandidateRef): { readonly candidate: Candidate; readonly created: boolean };
  /** Registers many in one transaction; returns how many were new. */
  registerMany(refs: Iterable<CandidateRef>): number;
  get(id: string): Candidate | undefined;
  count(): number;
  /**
   * Every registered candidate, in registration order. Read `pageSize` rows at a time and never holds a
   * statement open between pages, so a large pool is never one result set in memory and other store calls
   * may run while it is consumed; a candidate registered meanwhile is reached if it comes after the page.
   */
  all(pageSize?: number): Iterable<Candidate>;
  /** The candidates of these studies (the frames registered from them), by study, series, instance, frame. */
  ofStudies(studyInstanceUids: readonly string[]): readonly Candidate[];
}

// ---- labels -----------------------------------------------------------------------------------------

/** A class name, or one of the two answers that do not vote. */
export type LabelValue = string;
export const SKIP = 'skip';
export const UNSURE = 'unsure';

export interface NewLabel {
  readonly candidateId: string;
  /** From authentication, never from the request body. */
  readonly annotator: string;
  readonly value: LabelValue;
  readonly note?: string;
  /** Chosen by the client per submission; unique per annotator. A retry with the same key stores nothing. */
  readonly idempotencyKey: string;
}

export interface Label {
  readonly id: number;
  readonly candidateId: string;
  readonly annotator: string;
  readonly value: LabelValue;
  readonly note: string | null;
  readonly idempotencyKey: string;
  readonly createdAt: Date;
  readonly retracted: { readonly at: Date; readonly by: string } | null;
}

export interface LabelStore {
  /**
   * Stores a label, or returns the label already stored under (annotator, idempotencyKey) with
   * `created: false`. Reusing a key for a different label throws ConflictError. Releases the annotator's
   * lease on the candidate in the same transaction.
   */
  record(label: NewLabel): { readonly label: Label; readonly created: boolean };
  /** Marks a label retracted (the row stays). Only its annotator or an admin may; retracting twice is a no-op. */
  retract(labelId: number, by: Actor): Label;
  get(labelId: number): Label | undefined;
  /** Every label of a candidate, retracted ones included, oldest first. */
  forCandidate(candidateId: string): readonly Label[];
}

// ---- consensus --------------------------------------------------------------------------------------

/**
 * unlabeled: no class votes; unanimous: every vote agrees; majority: one value leads but someone disagrees;
 * tie: no single leader; adjudicated: an admin decided.
 */
export type ConsensusStatus = 'unlabeled' | 'unanimous' | 'majority' | 'tie' | 'adjudicated';

export interface Adjudication {
  readonly value: string;
  readonly by: string;
  readonly at: Date;
  readonly reason: string | null;
}

export interface Consensus {
  readonly candidateId: string;
  /** The label to train on; null when unlabeled or tied. */
  readonly value: string | null;
  readonly status: ConsensusStatus;
  /** Votes disagree and no admin has decided yet. */
  readonly needsAdjudication: boolean;
  /** Class -> number of annotators whose current label is that class (one vote per annotator). */
  readonly votes: Readonly<Record<string, number>>;
  readonly adjudication: Adjudication | null;
}

export interface ConsensusCounts {
  readonly candidates: number;
  /** Candidates with at least one current class vote or an adjudication. */
  readonly labeled: number;
  /** Candidates with all their reads (`readsPerCase` current class votes) or an adjudication. */
  readonly complete: number;
  readonly withConsensus: number;
  readonly needingAdjudication: number;
  readonly adjudicated: number;
  /** Candidates with votes from two or more annotators. */
  readonly multiplyLabeled: number;
  /** Share of multiply-labeled candidates whose votes are unanimous; null when there are none. */
  readonly agreementRate: number | null;
}

export interface ConsensusStore {
  of(candidateId: string): Consensus;
  /** Candidates with a consensus value (unanimous, majority or adjudicated), for training. */
  listLabeled(): readonly Consensus[];
  needingAdjudication(): readonly Consensus[];
  /** An admin's decision; it overrides the votes and is recorded in the audit trail. */
  adjudicate(candidateId: string, value: string, by: Actor, reason?: string): Consensus;
  /** `readsPerCase` (default 1) decides which candidates count as `complete`. */
  counts(readsPerCase?: number): ConsensusCounts;
}

// ---- audit ------------------------------------------------------------------------------------------

export type AuditAction =
  | 'label.record'
  | 'label.retract'
  | 'consensus.adjudicate'
  | 'model.register'
  | 'model.rollback'
  | 'scores.replace'
  | 'job.start'
  | 'job.finish'
  | 'job.interrupted'
  | 'token.create'
  | 'token.revoke'
  | 'labels.export';

export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: AuditAction;
  /** What was acted on, e.g. `label:12`, `candidate:<id>`, `model:v3`. */
  readonly subject: string;
  readonly details: JsonObject;
}

export interface AuditQuery {
  readonly actor?: string;
  readonly action?: AuditAction;
  readonly subject?: string;
  /** Entries with an id greater than this, for paging. */
  readonly afterId?: number;
  readonly limit?: number;
}

/** Append-only: the store writes an entry in the same transaction as each change it records. */
export interface AuditLog {
  /** For events outside the store (e.g. an export was downloaded); its own transaction. */
  append(actor: string, action: AuditAction, subject: string, details?: JsonObject): AuditEntry;
  list(query?: AuditQuery): readonly AuditEntry[];
}

// ---- models -----------------------------------------------------------------------------------------

export interface NewModelVersion {
  readonly version: string;
  readonly parent: string | null;
  /** Hex sha256 of the ONNX bytes. */
  readonly sha256: string;
  readonly metrics: JsonObject;
  readonly modelCard: JsonObject;
  /**
   * The consensus labels (candidate id -> class) its training job collected, held-out ones included; none
   * for a cold start. Stored apart from the version's record: read them with `ModelStore.labelsOf`.
   */
  readonly labels?: ReadonlyMap<string, string>;
}

export interface ModelVersion extends Omit<NewModelVersion, 'labels'> {
  readonly createdAt: Date;
}

export interface LatestPointer {
  readonly version: string;
  readonly movedAt: Date;
  readonly movedBy: string;
}

export interface ModelStore {
  /** Records a published version and moves `latest` to it, atomically. */
  register(model: NewModelVersion, by: Actor): ModelVersion;
  get(version: string): ModelVersion | undefined;
  /** Oldest first. */
  list(): readonly ModelVersion[];
  latest(): LatestPointer | undefined;
  /** The labels a version was registered with (candidate id -> class); empty for an unknown version. */
  labelsOf(version: string): ReadonlyMap<string, string>;
  /** Moves `latest` back to a version registered before the current one; audited. */
  rollback(toVersion: string, by: Actor, reason?: string): LatestPointer;
}

// ---- scores -----------------------------------------------------------------------------------------

export interface CandidateScore {
  readonly candidateId: string;
  /** Higher means more worth labeling. */
  readonly worthiness: number;
  readonly entropy: number;
  readonly diversity: number;
  readonly predictedClass: string;
  /** Probability of the predicted class, in [0, 1]. */
  readonly probability: number;
}

export interface ScoreStore {
  /**
   * Replaces every score of a model version in one transaction: a failure, or a crash, part-way leaves the
   * previous scores untouched. Returns the number of rows stored.
   */
  replaceForVersion(modelVersion: string, scores: Iterable<CandidateScore>, by: Actor): number;
  get(modelVersion: string, candidateId: string): CandidateScore | undefined;
  count(modelVersion: string): number;
  /** How many of a version's scores have a worthiness above `worthiness` (a cold start's picks: above 0). */
  countAbove(modelVersion: string, worthiness: number): number;
  /**
   * The version whose scores rank the worklist: `latest` once its scores are stored, until then the version
   * it was trained from (so a retraining never empties the worklist for the seconds scoring takes); null
   * before any model.
   */
  rankingVersion(): string | null;
}

// ---- leases -----------------------------------------------------------------------------------------

export interface Lease {
  readonly candidateId: string;
  readonly annotator: string;
  readonly worthiness: number;
  readonly leasedAt: Date;
  readonly expiresAt: Date;
}

export interface LeaseOptions {
  /**
   * Reads a case needs (`project.readsPerCase`): a case with this many is served to nobody new. A read is a
   * current class vote (the annotator's latest unretracted label, not skip or unsure), one per annotator.
   * A case the annotator holds stays theirs even if others complete it meanwhile, and a label on a case
   * with all its reads is still stored: the cap decides what is served, never what is accepted. Absent: no
   * cap, every annotator is served every case they have not labeled.
   */
  readonly readsPerCase?: number;
  /**
   * The audit share (`selection.audit.rate`): candidates of studies whose `auditUnit` is below it are
   * reserved for the blind audit and served only by `AuditSampleStore.drawAndLease`, never by the ranking
   * (one this annotator already holds is renewed like any other). Absent or 0: nothing is reserved.
   */
  readonly auditShare?: number;
}

/** What one `leaseNext` served, and the version whose scores ranked it (read in the same transaction). */
export interface LeaseBatch {
  readonly leases: readonly Lease[];
  /** `ScoreStore.rankingVersion` as the leases were taken; null before any model (no leases then). */
  readonly rankingVersion: string | null;
}

export interface LeaseStore {
  /**
   * Leases up to `n` candidates to `annotator` among those the annotator has not labeled and nobody else
   * holds an unexpired lease on: the ones the annotator already holds first, renewed (so a retried call locks
   * no more cases, and a rescoring never takes away the case on their screen), then the highest worthiness
   * under the ranking model (`ScoreStore.rankingVersion`), leaving out cases that have their
   * `readsPerCase`. Atomic across connections.
   */
  leaseNext(annotator: string, n: number, ttlMs: number, options?: LeaseOptions): LeaseBatch;
  /** Gives candidates back to the pool; returns how many leases were released. */
  release(annotator: string, candidateIds: readonly string[]): number;
  /** Unexpired leases, optionally of one annotator. */
  active(annotator?: string): readonly Lease[];
}

// ---- blind audit sample -----------------------------------------------------------------------------

/** A candidate of the blind random audit: drawn uniformly from the unlabeled pool, served as any case. */
export interface AuditSampleMember {
  readonly candidateId: string;
  readonly drawnAt: Date;
  /** The ranking version when it was drawn, for the record; the draw itself ignores the ranking. */
  readonly rankingVersion: string | null;
}

export interface AuditSampleStore {
  /**
   * Draws one case for the blind audit and leases it to `annotator`, in one transaction: among the
   * candidates reserved for the audit (studies whose `auditUnit` is below `share`) that are scored by the
   * ranking version (the pool the worklist serves from), have no unretracted label and no adjudication, and
   * that nobody holds an unexpired lease on, the one at index `pick(count)` of a fixed order (so a seeded
   * `pick` replays). Null when none is left. A drawn case stays in the sample; one whose lease expired
   * unlabeled can be drawn again.
   */
  drawAndLease(
    annotator: string,
    ttlMs: number,
    share: number,
    pick: (count: number) => number,
  ): Lease | null;
  has(candidateId: string): boolean;
  /** Oldest draw first. */
  list(): readonly AuditSampleMember[];
  count(): number;
}

// ---- training jobs ----------------------------------------------------------------------------------

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TrainingJob {
  readonly id: number;
  readonly project: string;
  readonly status: JobStatus;
  /** In [0, 1]. */
  readonly progress: number;
  readonly message: string | null;
  readonly error: string | null;
  readonly startedBy: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export interface JobStore {
  /** Starts a job; throws ConflictError while another job of the project is running. */
  start(project: string, by: Actor): TrainingJob;
  progress(jobId: number, progress: number, message?: string): TrainingJob;
  /** Ends a running job; `by` is whoever ended it (the job runner's actor, or an admin who cancelled it). */
  finish(
    jobId: number,
    outcome: { readonly status: Exclude<JobStatus, 'running'>; readonly error?: string },
    by: Actor,
  ): TrainingJob;
  get(jobId: number): TrainingJob | undefined;
  running(project: string): TrainingJob | undefined;
  /** Newest first. */
  list(project: string, limit?: number): readonly TrainingJob[];
}

// ---- API tokens -------------------------------------------------------------------------------------

export interface ApiToken {
  readonly name: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly revokedAt: Date | null;
}

export interface TokenStore {
  /** Stores only the token's sha256; the token itself never reaches the database. */
  create(token: { readonly name: string; readonly role: Role; readonly secret: string }, by: Actor): ApiToken;
  /** The unrevoked token whose secret this is, if any. */
  authenticate(secret: string): ApiToken | undefined;
  revoke(name: string, by: Actor): ApiToken;
  list(): readonly ApiToken[];
}

// ---- export -----------------------------------------------------------------------------------------

/** One label as exported (CSV/JSON), flat, with its candidate's UIDs; times as ISO strings. */
export interface LabelExportRow {
  readonly labelId: number;
  readonly candidateId: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly frame: number;
  readonly modality: string;
  readonly annotator: string;
  readonly value: string;
  readonly note: string | null;
  readonly createdAt: string;
  readonly retractedAt: string | null;
  readonly retractedBy: string | null;
}

export interface LabelExport {
  /** Every label ever stored, retracted ones included, in the order they were stored. */
  allLabels(): readonly LabelExportRow[];
}

// ---- the whole store --------------------------------------------------------------------------------

export interface Store {
  readonly candidates: CandidateStore;
  readonly labels: LabelStore;
  readonly consensus: ConsensusStore;
  readonly audit: AuditLog;
  readonly models: ModelStore;
  readonly scores: ScoreStore;
  readonly leases: LeaseStore;
  readonly auditSample: AuditSampleStore;
  readonly jobs: JobStore;
  readonly tokens: TokenStore;
  readonly exports: LabelExport;
  close(): void;
}
