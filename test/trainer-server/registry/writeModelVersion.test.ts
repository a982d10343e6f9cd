import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import type { ModelCard } from '../../../trainer-server/src/engine/modelCard.js';
import { PREPROCESSING_PIPELINE } from '../../../trainer-server/src/engine/modelCard.js';
import { writeModelVersion } from '../../../trainer-server/src/registry/writeModelVersion.js';

const root = mkdtempSync(join(tmpdir(), 'aift-registry-'));
after(() => rmSync(root, { recursive: true, force: true }));

const card = (version: string): ModelCard => ({
  schema: 'aift-model-card/1',
  version,
  parentVersion: null,
  createdAt: '2026-11-25T00:00:00.000Z',
  classes: ['normal', 'pneumonia'],
  onnx: { opset: 13, inputs: [], outputs: [] },
  preprocessing: {
    pipeline: PREPROCESSING_PIPELINE,
    fit: 'letterbox',
    inputSize: 224,
    backbone: { channelOrder: 'RGB', scale: 1 / 255, offset: 0, valueRange: [0, 1], resize: 'bilinear' },
  },
  augmentationPlan: buildPlan(PLAN_PRESETS.dihedral),
  scoring: { strategy: 'aift', alpha: 0.25, seed: 0 },
  coldStart: null,
  backbone: { version: 'b1', embeddingSize: 1280, provenance: 'test' },
  head: { inputSize: 1280, classes: 2, hiddenUnits: 0, seed: 1 },
  training: {
    continualStrategy: 'HQ',
    round: 1,
    backend: 'wasm',
    epochs: 10,
    batchSize: 64,
    learningRate: 0.001,
    l2: 0.0001,
    classWeighting: 'balanced',
    seed: 1,
    labeledPerClass: [8, 8],
    trainingSet: { hard: 0, new: 16, previous: 0 },
    epochLosses: [0.7, 0.5],
  },
  metrics: null,
  metricsUnavailable: null,
  labelsSaved: null,
});

describe('writeModelVersion', () => {
  it('publishes the ONNX and its card together, with the sha256 as ETag', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4]);
    const written = writeModelVersion(root, bytes, card('v1'));
    assert.deepEqual([...readFileSync(join(written.dir, 'model.onnx'))], [1, 2, 3, 4]);
    assert.deepEqual(JSON.parse(readFileSync(join(written.dir, 'model-card.json'), 'utf8')), card('v1'));
    assert.equal(written.sha256, '9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a');
    assert.deepEqual(readdirSync(root).sort(), ['versions']);
  });

  it('never overwrites a version and rejects unsafe version names', () => {
    assert.throws(
      () => writeModelVersion(root, new Uint8Array(1), card('v1')),
      /model version v1 already exists/,
    );
    for (const bad of ['../escape', '', 'a/b', '.hidden']) {
      assert.throws(() => writeModelVersion(root, new Uint8Array(1), card(bad)), /must match/);
    }
  });

  it('leaves nothing half-written when a write fails after the ONNX file', () => {
    const dir = mkdtempSync(join(root, 'failing-'));
    // A card that cannot be serialised makes the second write throw after model.onnx is on disk.
    const unserialisable = { ...card('v2'), metrics: { auc: 1n } } as unknown as ModelCard;
    assert.throws(() => writeModelVersion(dir, new Uint8Array(8), unserialisable), /BigInt/);
    assert.deepEqual(readdirSync(dir), ['versions']);
    assert.deepEqual(readdirSync(join(dir, 'versions')), []);
  });
});
