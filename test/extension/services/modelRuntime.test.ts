// The browser runtime finds the graph's tensors through the model card, by role: a graph whose input and
// outputs carry other names runs as well as the standard one, with the same numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import onnxProto from 'onnx-proto';
import { buildPlan, PLAN_PRESETS } from '@aift/selection-core';
import { loadModel, tensorNames } from '../../../extension/src/services/modelRuntime.js';
import type { BrowserModelCard } from '../../../extension/src/services/types.js';
import { createHead } from '../../../trainer-server/src/engine/head/createHead.js';
import { classifierIoSpec, exportClassifierToOnnx } from '../../../trainer-server/src/engine/onnx/index.js';
import { tinyBackbone } from '../../trainer-server/services/support.js';
import { model } from '../components/fixtures.js';

const { onnx } = onnxProto;
const SIZE = 16;
const RENAMED: Record<string, string> = {
  image: 'pixels',
  probabilities: 'scores',
  cell_probabilities: 'region_scores',
};

/** The same graph with its input and outputs renamed, wherever a node reads or writes them. */
function renamed(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const name = (n: string) => RENAMED[n] ?? n;
  for (const node of graph.node ?? []) {
    node.input = (node.input ?? []).map(name);
    node.output = (node.output ?? []).map(name);
  }
  for (const value of [...(graph.input ?? []), ...(graph.output ?? [])]) value.name = name(value.name ?? '');
  return onnx.ModelProto.encode(model).finish();
}

/** A client serving one version's card and bytes from memory, as the trainer would. */
function client(card: BrowserModelCard, bytes: Uint8Array) {
  return {
    modelCard: () => Promise.resolve(card),
    modelBytes: () => Promise.resolve(bytes.slice()),
    modelCardUrl: (version: string) => `memory:/${card.onnx.inputs[0]?.name}/${version}/card.json`,
    modelUrl: (version: string) => `memory:/${card.onnx.inputs[0]?.name}/${version}/model.onnx`,
  };
}

describe('modelRuntime reads tensor names from the card', () => {
  const { model: backbone } = tinyBackbone();
  const head = createHead({ inputSize: 6, classes: 2, hiddenUnits: 0, seed: 3 });
  const spec = classifierIoSpec(backbone, head);
  const standard = exportClassifierToOnnx(backbone, head);
  const card: BrowserModelCard = {
    ...model.card,
    version: 'v0001',
    classes: ['bright', 'dark'],
    preprocessing: { ...model.card.preprocessing, inputSize: SIZE },
    augmentationPlan: buildPlan({ ...PLAN_PRESETS.dihedral, patches: 2 }),
    onnx: spec,
  };
  const renamedCard: BrowserModelCard = {
    ...card,
    onnx: {
      ...spec,
      inputs: spec.inputs.map((t) => ({ ...t, name: RENAMED[t.name] ?? t.name })),
      outputs: spec.outputs.map((t) => ({ ...t, name: RENAMED[t.name] ?? t.name })),
    },
  };
  const patches = Float32Array.from({ length: 2 * SIZE * SIZE * 3 }, (_, i) => ((i * 37) % 101) / 100);

  it('runs a graph that names its tensors otherwise, as its card says, with the same outputs', async () => {
    const options = { executionProviders: ['wasm'] as const };
    const ref = { version: 'v0001', sha256: 'a' };
    const plain = await loadModel(client(card, standard), ref, options);
    const other = await loadModel(client(renamedCard, renamed(standard)), ref, options);
    try {
      const expected = await plain.run(patches, 2);
      const actual = await other.run(patches, 2);
      assert.equal(other.cellMap, true);
      assert.deepEqual(actual.cells, expected.cells);
      assert.deepEqual(actual.probabilities, expected.probabilities);
      // The tiny backbone's stride-2 convolution of 16 px: 8 x 8 cells of 2 classes, for 2 patches.
      assert.equal(actual.cells?.rows, 8);
      assert.equal(actual.cells?.columns, 8);
      assert.equal(actual.cells?.data.length, 2 * 8 * 8 * 2);
      // The standard names do not exist in the renamed graph: the card's names were used.
      await assert.rejects(
        loadModel(client(card, renamed(standard)), { ...ref, sha256: 'b' }, options).then((wrong) =>
          wrong.run(patches, 2),
        ),
      );
    } finally {
      await plain.release();
      await other.release();
    }
  });

  it('reads the roles of a card written before roles from the standard names', () => {
    const tensor = (name: string, shape: (number | string)[]) =>
      ({ name, dtype: 'float32', shape, description: name }) as const;
    const legacy = {
      version: 'v0007',
      onnx: {
        opset: 13,
        inputs: [tensor('image', ['batch', SIZE, SIZE, 3])],
        outputs: [tensor('probabilities', ['batch', 2]), tensor('embedding', ['batch', 6])],
      },
    };
    assert.deepEqual(tensorNames(legacy), {
      image: 'image',
      probabilities: 'probabilities',
      cellProbabilities: null,
    });
    assert.throws(
      () => tensorNames({ ...legacy, onnx: { ...legacy.onnx, outputs: [] } }),
      /v0007 names no 'probabilities' output/,
    );
  });
});
