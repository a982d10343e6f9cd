// The viewer's numbers must be the server's: the same frame, scored in Node by the extension's frameScorer
// (WADO-RS from the real Orthanc, the published ONNX in onnxruntime-web, the card's scoring rule), gives
// the entropy, diversity, probability, predicted class and worthiness the trainer stored for the worklist.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { FrameScorer } from '../../../extension/src/services/frameScorer.js';
import { loadModel } from '../../../extension/src/services/modelRuntime.js';
import type { RunnableModel } from '../../../extension/src/services/modelRuntime.js';
import { createTrainerClient } from '../../../extension/src/services/trainerClient.js';
import { createWadoInstanceReader } from '../../../extension/src/services/wadoInstanceReader.js';
import type { WorklistItemDto } from '../../../trainer-server/src/api/schemas/index.js';
import { labelDiscs, nodeViewer, startProject, trainAndWait } from './support.js';
import type { Project } from './support.js';

// dicomweb-client runs on XMLHttpRequest, which browsers have and Node lacks: xhr2 is a real one over
// node:http (the trainer server reads its PACS through it too). xhr2 ships no types: required untyped.
const xhr2: unknown = createRequire(import.meta.url)('xhr2');
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= xhr2;

const TOLERANCE = 1e-4;

describe('frameScorer in Node vs the trainer server', () => {
  let project: Project;
  let model: RunnableModel;
  let cases: readonly WorklistItemDto[];
  let modelVersion: string | null;

  before(async () => {
    project = await startProject();
    await labelDiscs(project, project.alice, 0, 16);
    await trainAndWait(project);
    const client = createTrainerClient({
      baseUrl: project.api,
      headers: () => ({ Authorization: `Bearer ${project.alice}` }),
    });
    ({ modelVersion, items: cases } = await client.worklist(8));
    assert.ok(modelVersion);
    const { sha256 } = await client.latestModel();
    model = await loadModel(
      client,
      { version: modelVersion, sha256 },
      { executionProviders: ['webgpu', 'wasm'] },
    );
  });
  after(async () => {
    await model?.release();
    await project?.stop();
  });

  it('loads the published model on wasm (no WebGPU in Node) with the card the server wrote', () => {
    assert.equal(model.version, modelVersion);
    assert.deepEqual(model.backend, { provider: 'wasm', threads: 1, proxy: false });
    assert.deepEqual(model.card.classes, ['bright', 'dark']);
    assert.equal(model.card.scoring.strategy, 'aift');
  });

  it('scores every worklist frame as the server did, within 1e-4', async () => {
    assert.equal(cases.length, 8);
    const { viewer } = nodeViewer(project.orthanc);
    const scorer = new FrameScorer({ readInstance: createWadoInstanceReader(viewer) });
    for (const c of cases) {
      const score = await scorer.score(model, c);
      const at = `case ${c.sopInstanceUid}`;
      assert.equal(score.modelVersion, modelVersion);
      assert.equal(score.predictedClass, c.predictedClass, at);
      assert.equal(score.patches, model.card.augmentationPlan.transforms.length);
      for (const part of ['entropy', 'diversity', 'probability', 'worthiness'] as const) {
        const server = c[part];
        assert.ok(server !== null, `${at}: the server stored no ${part}`);
        assert.ok(Math.abs(score[part] - server) < TOLERANCE, `${at}, ${part}: ${score[part]} vs ${server}`);
      }
      const sum = score.classProbabilities.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `${at}: class probabilities sum to ${sum}`);
    }
  });

  it('rescoring reads the decoded frame from its cache, not the PACS', async () => {
    let reads = 0;
    const { viewer } = nodeViewer(project.orthanc);
    const read = createWadoInstanceReader(viewer);
    const scorer = new FrameScorer({ readInstance: (f) => (reads++, read(f)) });
    const first = await scorer.score(model, cases[0]!);
    const again = await scorer.score(model, cases[0]!);
    assert.equal(reads, 1);
    assert.equal(again.worthiness, first.worthiness);
  });

  it('computes the heat map from the inference of the score: one normalised entropy per feature-map cell', async () => {
    const { viewer } = nodeViewer(project.orthanc);
    const scorer = new FrameScorer({ readInstance: createWadoInstanceReader(viewer) });
    let runs = 0;
    const counted: RunnableModel = { ...model, run: (patches, m) => (runs++, model.run(patches, m)) };
    const [score, map] = await Promise.all([
      scorer.score(counted, cases[0]!),
      scorer.heatMap(counted, cases[0]!),
    ]);
    assert.equal(runs, 1, 'the badge and the heat map share one inference');
    assert.ok(map, 'the published model has a cell output');
    assert.equal(score.modelVersion, map.modelVersion);
    // The tiny test backbone: a stride-2 convolution of its 16 px input, so 8 x 8 cells.
    const cells = model.card.onnx.outputs.find((o) => o.role === 'cellProbabilities');
    assert.deepEqual(cells?.shape, ['batch', 8, 8, 2]);
    assert.equal(map.columns, 8);
    assert.equal(map.rows, 8);
    assert.equal(map.values.length, 64);
    for (const v of map.values) assert.ok(v >= 0 && v <= 1, `heat ${v}`);
    assert.ok(Math.max(...map.values) > Math.min(...map.values), 'the regions differ');
    assert.deepEqual(map.imageBox, [0, 0, 1, 1]);
  });

  it('fills a series strip progressively and stops when aborted', async () => {
    const { viewer } = nodeViewer(project.orthanc);
    const scorer = new FrameScorer({ readInstance: createWadoInstanceReader(viewer) });
    const updates: number[] = [];
    const strip = await scorer.strip(model, cases.slice(0, 3), (s) =>
      updates.push(s.worthiness.filter((w) => !Number.isNaN(w)).length),
    );
    assert.deepEqual(updates, [0, 1, 2, 3]);
    cases.slice(0, 3).forEach((c, i) => assert.ok(Math.abs(strip.worthiness[i]! - c.worthiness) < TOLERANCE));
    const controller = new AbortController();
    const stopped = scorer.strip(
      model,
      cases,
      (s) => {
        if (!Number.isNaN(s.worthiness[1]!)) controller.abort();
      },
      controller.signal,
    );
    await assert.rejects(stopped, { name: 'AbortError' });
  });
});
