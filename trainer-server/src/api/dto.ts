// Store records -> the wire shapes of schemas/: dates become ISO strings; a job's starter is shown as its
// viewer may see it under blind review.
import { nameSeenBy } from '../services/index.js';
import type { Viewer } from '../services/index.js';
import type { Consensus, Label, ModelVersion, TrainingJob } from '../store/index.js';
import type {
  ConsensusDto,
  LabelDto,
  ModelListItemDto,
  ModelVersionDto,
  TrainingJobDto,
} from './schemas/index.js';

export const labelDto = (l: Label): LabelDto => ({
  ...l,
  createdAt: l.createdAt.toISOString(),
  retracted: l.retracted && { at: l.retracted.at.toISOString(), by: l.retracted.by },
});

export const consensusDto = (c: Consensus): ConsensusDto => ({
  ...c,
  votes: { ...c.votes },
  adjudication: c.adjudication && { ...c.adjudication, at: c.adjudication.at.toISOString() },
});

/** The job as `viewer` may see it: an auto-started job's starter is the annotator whose label started it. */
export const jobDto = (j: TrainingJob, viewer: Viewer): TrainingJobDto => ({
  ...j,
  startedBy: nameSeenBy(j.startedBy, viewer),
  startedAt: j.startedAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

export const modelVersionDto = (m: ModelVersion): ModelVersionDto => ({
  version: m.version,
  parent: m.parent,
  sha256: m.sha256,
  metrics: { ...m.metrics },
  createdAt: m.createdAt.toISOString(),
});

/** A version as GET /api/models lists it: `problem` is its integrity check's, undefined when intact. */
export const modelListItemDto = (m: ModelVersion, problem: string | undefined): ModelListItemDto => ({
  ...modelVersionDto(m),
  intact: problem === undefined,
  ...(problem !== undefined && { problem }),
});
