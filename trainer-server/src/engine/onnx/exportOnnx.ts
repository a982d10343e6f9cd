import type * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { appendLayersModel } from './appendLayersModel.js';
import { OnnxGraphBuilder, intsAttribute } from './onnxGraphBuilder.js';
import type { OnnxIoSpec, OnnxTensorSpec } from './onnxIoSpec.js';
import {
  CELL_PROBABILITIES_OUTPUT,
  EMBEDDING_OUTPUT,
  IMAGE_INPUT,
  PROBABILITIES_OUTPUT,
  backboneIoSpec,
  classifierIoSpec,
  lastFeatureMap,
} from './onnxIoSpec.js';

const { onnx } = onnxProto;
/** IR version 7 is the one that goes with opset 13. */
const IR_VERSION = 7;

/**
 * The whole classifier as one ONNX graph: `image` (NHWC float32, dynamic batch) -> backbone ->
 * `embedding` -> head -> `probabilities`; and, where the backbone ends in a global average pool, the head
 * applied to each cell of the map it pools -> `cell_probabilities` [batch, rows, columns, classes], so one
 * inference gives both a frame's prediction and its heat map. Weights are read as they are now; the bytes
 * are the caller's to store.
 */
export function exportClassifierToOnnx(backbone: tf.LayersModel, head: tf.LayersModel): Uint8Array {
  const spec = classifierIoSpec(backbone, head);
  const g = new OnnxGraphBuilder();
  const { embedding, featureMap } = appendBackbone(g, backbone);
  const [probabilities] = appendLayersModel(g, head, [{ name: embedding, rank: 2 }]);
  if (probabilities === undefined) throw new RangeError(`head '${head.name}' has no output`);
  g.addNode('Identity', PROBABILITIES_OUTPUT, [probabilities.name], [], PROBABILITIES_OUTPUT);
  if (featureMap !== null) appendCellProbabilities(g, head, featureMap);
  return encodeModel(g, spec, `${backbone.name}+${head.name}`);
}

/** The backbone alone: `image` -> `embedding`, for the server's embedding cache. */
export function exportBackboneToOnnx(backbone: tf.LayersModel): Uint8Array {
  const spec = backboneIoSpec(backbone);
  const g = new OnnxGraphBuilder();
  appendBackbone(g, backbone);
  return encodeModel(g, spec, backbone.name);
}

interface FeatureMapValue {
  /** The NCHW value inside the graph. */
  readonly name: string;
  readonly rows: number;
  readonly columns: number;
  readonly channels: number;
}

/**
 * Image transposed to NCHW, the backbone, and its output named `embedding`; returns that name and the
 * backbone's last feature map (null where lastFeatureMap finds none).
 */
function appendBackbone(
  g: OnnxGraphBuilder,
  backbone: tf.LayersModel,
): { embedding: string; featureMap: FeatureMapValue | null } {
  for (const reserved of [IMAGE_INPUT, EMBEDDING_OUTPUT, PROBABILITIES_OUTPUT, CELL_PROBABILITIES_OUTPUT]) {
    g.uniqueName(reserved);
  }
  const nchw = g.addNode('Transpose', 'image_nchw', [IMAGE_INPUT], [intsAttribute('perm', [0, 3, 1, 2])]);
  const map = lastFeatureMap(backbone);
  const [embedding, mapValue] = appendLayersModel(
    g,
    backbone,
    [{ name: nchw, rank: 4 }],
    map === null ? [] : [map.tensor],
  );
  if (embedding === undefined) throw new RangeError(`backbone '${backbone.name}' has no output`);
  return {
    embedding: g.addNode('Identity', EMBEDDING_OUTPUT, [embedding.name], [], EMBEDDING_OUTPUT),
    featureMap: map === null || mapValue === undefined ? null : { ...map, name: mapValue.name },
  };
}

/**
 * The head on every cell's feature vector: NCHW map -> NHWC -> [batch * rows * columns, channels] -> head
 * -> [batch, rows, columns, classes]. The global pool averages these same vectors into the embedding, so
 * for a linear head the frame's logits are exactly the mean of the cells' logits (a class activation map);
 * for a head with hidden layers it is the usual generalisation, an approximation. The head's weights are
 * written a second time for this branch (a linear head's are classes x channels floats).
 */
function appendCellProbabilities(g: OnnxGraphBuilder, head: tf.LayersModel, map: FeatureMapValue): void {
  const nhwc = g.addNode('Transpose', 'cells_nhwc', [map.name], [intsAttribute('perm', [0, 2, 3, 1])]);
  const flatShape = g.addInt64Initializer('cells_flat_shape', [-1, map.channels]);
  const flat = g.addNode('Reshape', 'cells_flat', [nhwc, flatShape]);
  const [cells] = appendLayersModel(g, head, [{ name: flat, rank: 2 }]);
  if (cells === undefined) throw new RangeError(`head '${head.name}' has no output`);
  const classes = head.outputs[0]?.shape[1];
  if (typeof classes !== 'number') throw new RangeError(`head '${head.name}' has no fixed class count`);
  const gridShape = g.addInt64Initializer('cells_grid_shape', [-1, map.rows, map.columns, classes]);
  g.addNode('Reshape', CELL_PROBABILITIES_OUTPUT, [cells.name, gridShape], [], CELL_PROBABILITIES_OUTPUT);
}

function encodeModel(g: OnnxGraphBuilder, spec: OnnxIoSpec, graphName: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: spec.opset }],
    producerName: 'aift-trainer-server',
    graph: {
      name: graphName,
      node: g.nodes,
      initializer: g.initializers,
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function valueInfo(tensor: OnnxTensorSpec): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name: tensor.name,
    docString: tensor.description,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: tensor.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}
