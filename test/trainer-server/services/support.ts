// What the service tests share: disc studies written in code for a real Orthanc, a tiny seeded backbone
// instead of the 224 px MobileNetV2, and every service built as the composition root will build it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildPlan, createRng, PLAN_PRESETS } from '@aift/selection-core';
import type { TfjsBaseModel } from '../../../trainer-server/src/engine/baseModel/index.js';
import { DicomWebImageSource } from '../../../trainer-server/src/pacs/DicomWebImageSource.js';
import { CandidateEmbedder } from '../../../trainer-server/src/services/CandidateEmbedder.js';
import { EventBus } from '../../../trainer-server/src/services/EventBus.js';
import { PoolService } from '../../../trainer-server/src/services/PoolService.js';
import { ScoringService } from '../../../trainer-server/src/services/ScoringService.js';
import { TrainingService } from '../../../trainer-server/src/services/TrainingService.js';
import type { TrainingServiceOptions } from '../../../trainer-server/src/services/TrainingService.js';
import { WorklistService } from '../../../trainer-server/src/services/WorklistService.js';
import { candidateId } from '../../../trainer-server/src/store/candidateId.js';
import type { Actor, Store } from '../../../trainer-server/src/store/ports.js';
import { openSqliteStore } from '../../../trainer-server/src/store/sqlite/openSqliteStore.js';
import type { RunningOrthanc } from '../../support/orthanc.js';
import { makePart10, TRANSFER_SYNTAX } from '../imaging/syntheticDicom.js';
import { GREY8 } from '../pacs/syntheticStudies.js';

export const CLASSES = ['bright', 'dark'] as const;
const SIZE = 16;
const STUDY = '2.25.500';
const SERIES = `${STUDY}.1`;

export const sopOf = (i: number): string => `${SERIES}.${i + 1}`;
/** Even instances hold a bright disc, odd ones a dark disc, on a mid-grey background. */
export const classOf = (i: number): (typeof CLASSES)[number] => CLASSES[i % 2]!;
/** Disc i's study: one study for all, or with `studies` > 1 study i mod `studies` of that many. */
export const studyOf = (i: number, studies = 1): string =>
  studies === 1 ? STUDY : `${STUDY}.${i % studies}`;
/** Disc i's candidate id, its discs spread over `studies` (see `discStudy`). */
export const discIdOf = (i: number, studies: number): string =>
  candidateId({
    studyInstanceUid: studyOf(i, studies),
    seriesInstanceUid: `${studyOf(i, studies)}.1`,
    sopInstanceUid: sopOf(i),
    frame: 1,
  });
/** Disc i's candidate id, all discs in one study. */
export const idOf = (i: number): string => discIdOf(i, 1);

/**
 * `count` single-frame 8-bit instances, discs of radius 4-6 at varying places, with a little texture, in
 * one study (or spread over `studies`, one series each).
 */
export function discStudy(count: number, studies = 1): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const cx = 6 + (i % 5);
    const cy = 5 + ((i * 3) % 6);
    const r = 4 + (i % 3);
    const pixels = Uint8Array.from({ length: SIZE * SIZE }, (_, p) => {
      const inside = ((p % SIZE) - cx) ** 2 + (Math.floor(p / SIZE) - cy) ** 2 <= r * r;
      const texture = ((p * 7 + i * 13) % 11) - 5;
      return (inside ? (classOf(i) === 'bright' ? 230 : 25) : 128) + texture;
    });
    return makePart10(
      TRANSFER_SYNTAX.explicitLittle,
      {
        StudyInstanceUID: studyOf(i, studies),
        StudyDate: '20250101',
        SeriesInstanceUID: `${studyOf(i, studies)}.1`,
        SOPInstanceUID: sopOf(i),
        Modality: 'OT',
        ...GREY8,
        Rows: SIZE,
        Columns: SIZE,
      },
      pixels,
      'OB',
    );
  });
}

/** A seeded conv + global-average-pool backbone: 16 px in, 6 features out. */
export function tinyBackbone(): TfjsBaseModel {
  const model = tf.sequential({ name: 'tiny_backbone' });
  model.add(
    tf.layers.conv2d({
      inputShape: [SIZE, SIZE, 3],
      filters: 6,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  model.add(tf.layers.globalAveragePooling2d({}));
  const description = {
    inputHeight: SIZE,
    inputWidth: SIZE,
    channels: 3,
    layout: 'NHWC' as const,
    preprocessing: {
      channelOrder: 'RGB' as const,
      scale: 1 / 255,
      offset: 0,
      valueRange: [0, 1] as const,
      resize: 'bilinear',
    },
    embeddingName: 'embedding',
    embeddingSize: 6,
    provenance: 'a seeded 3x3 conv made in the test',
  };
  return { kind: 'tfjs', model, description };
}

export const alice: Actor = { name: 'alice', role: 'annotator' };
export const bob: Actor = { name: 'bob', role: 'annotator' };
export const admin: Actor = { name: 'admin', role: 'admin' };

/** Records `annotator`'s label on disc `i`: its true class unless told otherwise. */
export function label(store: Store, annotator: Actor, i: number, value: string = classOf(i)): void {
  store.labels.record({
    candidateId: idOf(i),
    annotator: annotator.name,
    value,
    idempotencyKey: `${annotator.name}-${i}`,
  });
}

export interface Services {
  readonly store: Store;
  readonly bus: EventBus;
  readonly embedder: CandidateEmbedder;
  readonly pool: PoolService;
  readonly scoring: ScoringService;
  readonly training: TrainingService;
  readonly worklist: WorklistService;
  readonly registryDir: string;
  /** Releases the embedder, closes the store and removes the temp folder. */
  close(): Promise<void>;
  /** A restart: releases the embedder and closes the store, then builds every service again on its files. */
  reopen(): Promise<Services>;
}

/** Every service on a fresh temp store, embedding cache and model registry, as app.ts will wire them. */
export async function buildServices(
  orthanc: RunningOrthanc,
  training: Partial<Omit<TrainingServiceOptions, 'store' | 'embedder' | 'scoring' | 'bus' | 'clock'>> = {},
): Promise<Services> {
  return servicesIn(mkdtempSync(join(tmpdir(), 'aift-services-')), orthanc, training);
}

async function servicesIn(
  dir: string,
  orthanc: RunningOrthanc,
  training: Parameters<typeof buildServices>[1],
): Promise<Services> {
  const clock = () => new Date();
  const store = openSqliteStore(join(dir, 'aift.sqlite'), { clock });
  const source = new DicomWebImageSource({ url: orthanc.dicomWebRoot, timeoutMs: 5_000 });
  const backbone = tinyBackbone();
  const embedder = await CandidateEmbedder.create({
    source,
    cacheDir: join(dir, 'embeddings'),
    plan: buildPlan({ ...PLAN_PRESETS.dihedral, patches: 4 }),
    fit: 'letterbox',
    backbone,
    backboneVersion: 'tiny-seed-3',
  });
  const shut = async () => {
    await embedder.release();
    backbone.model.dispose();
    store.close();
  };
  const close = async () => {
    await shut();
    rmSync(dir, { recursive: true, force: true });
  };
  const reopen = async () => {
    await shut();
    return servicesIn(dir, orthanc, training);
  };
  const bus = new EventBus();
  const scoring = new ScoringService({ store, embedder, bus, classes: CLASSES });
  const registryDir = join(dir, 'models');
  return {
    store,
    bus,
    embedder,
    pool: new PoolService({ store, source }),
    scoring,
    training: new TrainingService({
      store,
      embedder,
      scoring,
      bus,
      clock,
      registryDir,
      classes: CLASSES,
      minNewLabels: 12,
      training: { epochs: 30, batchSize: 16, learningRate: 0.05, l2: 0 },
      minAuditLabels: 3,
      ...training,
    }),
    worklist: new WorklistService({ store, rng: createRng(7), omega: 2 }),
    registryDir,
    close,
    reopen,
  };
}
