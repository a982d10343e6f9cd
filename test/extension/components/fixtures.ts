// Plain values for the component tests, shared by the string renders (render.test.ts) and the page in
// Chromium (panelPage.ts): a busy project mid-training, and an empty one before any model.
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import type {
  CardTensor,
  FrameRef,
  FrameScore,
  HeatMap,
  LoadedModel,
  ProjectProgress,
  SeriesStrip,
  WorklistCase,
} from '../../../extension/src/services/types.js';
import { learningCurve } from '../../../extension/src/services/learningCurve.js';
import type { PlainValues } from './plainServices.js';

/** A trained version on the learning curve, measured on `audit` audit labels (spread over the 3 classes). */
function curvePoint(
  version: string,
  trainingLabels: number,
  audit: number,
  auc: number,
  [low, high]: [number, number],
): ProjectProgress['learningCurve'][number] {
  const third = Math.floor(audit / 3);
  return {
    version,
    createdAt: `2026-01-0${version.slice(1)}T00:00:00Z`,
    trainingLabels,
    coldStart: false,
    metricsUnavailable: null,
    labelsSaved: null,
    metrics: {
      split: 'audit',
      images: audit,
      perClass: [audit - 2 * third, third, third],
      auc,
      accuracy: 0.7,
      recall: [0.8, 0.6, 0.5],
      intervals: {
        auc: { low, high },
        accuracy: { low: 0.4, high: 0.9 },
        recall: [0.8, 0.6, 0.5].map((r) => ({ low: r - 0.3, high: Math.min(1, r + 0.2) })),
      },
      intervalMethod: '95% percentile bootstrap, 2000 resamples stratified by class',
    },
  };
}

export const CLASSES = ['normal', 'pneumonia', 'effusion'];
export const frames: FrameRef[] = [1, 2, 3, 4, 5].map((frame) => ({
  studyInstanceUid: '1.2.840.1',
  seriesInstanceUid: '1.2.840.1.1',
  sopInstanceUid: '1.2.840.1.1.1',
  frame,
}));
function tensor(name: string, role: CardTensor['role'], shape: (number | string)[]): CardTensor {
  return { name, role, dtype: 'float32', shape, description: name };
}

export const model: LoadedModel = {
  version: 'v3',
  card: {
    schema: 'aift-model-card/1',
    version: 'v3',
    parentVersion: 'v2',
    createdAt: '2026-05-04T09:30:00.000Z',
    classes: CLASSES,
    onnx: {
      opset: 13,
      inputs: [tensor('image', 'image', ['batch', 64, 64, 3])],
      outputs: [
        tensor('probabilities', 'probabilities', ['batch', 3]),
        tensor('cell_probabilities', 'cellProbabilities', ['batch', 2, 2, 3]),
      ],
    },
    preprocessing: {
      pipeline: [],
      fit: 'letterbox',
      inputSize: 64,
      backbone: { channelOrder: 'RGB', scale: 1 / 255, offset: 0, valueRange: [0, 1], resize: 'bilinear' },
    },
    augmentationPlan: buildPlan(PLAN_PRESETS.dihedral),
    scoring: { strategy: 'aift', alpha: 0.25, seed: 1 },
    coldStart: null,
    backbone: { version: 'test', embeddingSize: 8, provenance: 'test' },
    head: { inputSize: 8, classes: 3, hiddenUnits: 0, seed: 1 },
    training: {
      continualStrategy: 'HQ',
      round: 3,
      backend: 'cpu',
      epochs: 1,
      batchSize: 8,
      learningRate: 0.01,
      l2: 0,
      classWeighting: 'balanced',
      seed: 1,
      labeledPerClass: [4, 4, 4],
      trainingSet: { hard: 0, new: 12, previous: 0 },
      epochLosses: [0.5],
    },
    metrics: null,
    metricsUnavailable: 'too few audit labels',
    labelsSaved: null,
  },
  backend: { provider: 'wasm', threads: 4, proxy: true },
  cellMap: true,
};
export const score: FrameScore = {
  frame: frames[2]!,
  modelVersion: 'v3',
  predictedClass: 'pneumonia',
  probability: 0.6180339887498949,
  classProbabilities: [0.2, 0.6180339887498949, 0.1819660112501051],
  entropy: 0.881373587019543,
  diversity: 0.0123456789012345,
  worthiness: 0.8937192659207776,
  patches: 9,
  millis: 41.5,
};
export const cases: WorklistCase[] = ['c-17', 'c-4', 'c-9'].map((candidateId, i) => ({
  ...frames[i]!,
  candidateId,
  modality: 'CR',
  modelVersion: 'v3',
  ranking: { by: 'worthiness' },
  worthiness: 1.5 - i * 0.25,
  pick: null,
  entropy: i === 2 ? null : 0.7 - i * 0.1,
  diversity: i === 2 ? null : 0.3,
  predictedClass: i === 2 ? null : CLASSES[i]!,
  probability: i === 2 ? null : 0.55 + i * 0.1,
}));
export const strip: SeriesStrip = {
  seriesInstanceUid: '1.2.840.1.1',
  modelVersion: 'v3',
  worthiness: new Float64Array([0.2, NaN, 0.9, 0.5, NaN]),
  frames,
};

/** Three versions: the cold start (untrained), one measured on 8 audit cases, one on 14. */
const busyProgress: ProjectProgress = {
  candidates: 120,
  labeled: 35,
  inQueue: 85,
  readsPerCase: 1,
  agreementRate: 0.8571428571428571,
  audit: { drawn: 16, labeled: 14 },
  learningCurve: [
    {
      version: 'v1',
      createdAt: '2026-01-01T00:00:00Z',
      trainingLabels: 0,
      coldStart: true,
      metrics: null,
      metricsUnavailable: 'the cold-start version is untrained: nothing to measure',
      labelsSaved: null,
    },
    curvePoint('v2', 10, 8, 0.71, [0.42, 0.93]),
    curvePoint('v3', 21, 14, 0.8345, [0.66, 0.96]),
  ],
  labelsSaved: {
    status: 'not-yet-measurable',
    statement: 'Labels saved vs random: not yet measurable (14 audit labels; the estimate needs 20).',
    usedLabels: 21,
    auditLabels: 14,
    randomLabels: null,
    saved: null,
    method: 'random labeling replayed on the audit sample',
  },
};

export const busy: PlainValues = {
  classes: CLASSES,
  model,
  score,
  heatMap: null,
  strip,
  worklist: { modelVersion: 'v3', ranking: { by: 'worthiness' }, cases },
  // The frame on screen is the one the browser scored, so both rows of the case show.
  screen: { status: 'candidate', frame: score.frame, case: { ...cases[1]!, ...score.frame } },
  undone: null,
  training: { status: 'running', progress: 0.4, message: 'epoch 2 of 5', newLabels: 7 },
  progress: busyProgress,
  curve: learningCurve(busyProgress),
  connection: {
    online: false,
    queued: 2,
    heldForOtherUser: 3,
    heldFromUnknownUser: 1,
    lastError: 'trainer unreachable',
  },
  lastLabel: {
    idempotencyKey: 'k1',
    candidateId: 'c-17',
    value: 'normal',
    createdAt: '2026-01-03T00:00:00Z',
  },
  overlay: { heatMap: true, opacity: 0.45 },
  problems: [],
};

export const empty: PlainValues = {
  classes: CLASSES,
  model: null,
  score: null,
  heatMap: null,
  strip: null,
  worklist: { modelVersion: null, ranking: null, cases: [] },
  screen: { status: 'nothing' },
  undone: null,
  training: { status: 'idle', progress: 0, message: null, newLabels: 0 },
  progress: null,
  curve: [],
  connection: { online: true, queued: 0, heldForOtherUser: 0, heldFromUnknownUser: 0, lastError: null },
  lastLabel: null,
  overlay: { heatMap: false, opacity: 0.5 },
  problems: [],
};

/** Four cells tiling the square, one value each: the quadrants of the canvas take these colours. */
export const quadrants: HeatMap = {
  frame: frames[2]!,
  modelVersion: 'v3',
  columns: 2,
  rows: 2,
  values: new Float32Array([0, 0.25, 0.75, 1]),
  imageBox: [0, 0, 1, 1],
};
