// Store records -> the wire shapes of schemas/: dates become ISO strings, nothing else changes.
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

export const jobDto = (j: TrainingJob): TrainingJobDto => ({
  ...j,
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
