import type * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { appendLayersModel } from './appendLayersModel.js';
import { OnnxGraphBuilder, intsAttribute } from './onnxGraphBuilder.js';
import type { OnnxIoSpec, OnnxTensorSpec } from './onnxIoSpec.js';
import {
  EMBEDDING_OUTPUT,
  IMAGE_INPUT,
  PROBABILITIES_OUTPUT,
  backboneIoSpec,
  classifierIoSpec,
} from './onnxIoSpec.js';

const { onnx } = onnxProto;
/** IR version 7 is the one that goes with opset 13. */
const IR_VERSION = 7;

/**
 * The whole classifier as one ONNX graph: `image` (NHWC float32, dynamic batch) -> backbone ->
 * `embedding` -> head -> `probabilities`. Weights are read as they are now; the bytes are the caller's
 * to store.
 */
export function exportClassifierToOnnx(backbone: tf.LayersModel, head: tf.LayersModel): Uint8Array {
  const spec = classifierIoSpec(backbone, head);
  const g = new OnnxGraphBuilder();
  const embedding = appendBackbone(g, backbone);
  const [probabilities] = appendLayersModel(g, head, [{ name: embedding, rank: 2 }]);
  if (probabilities === undefined) throw new RangeError(`head '${head.name}' has no output`);
  g.addNode('Identity', PROBABILITIES_OUTPUT, [probabilities.name], [], PROBABILITIES_OUTPUT);
  return encodeModel(g, spec, `${backbone.name}+${head.name}`);
}

/** The backbone alone: `image` -> `embedding`, for the server's embedding cache. */
export function exportBackboneToOnnx(backbone: tf.LayersModel): Uint8Array {
  const spec = backboneIoSpec(backbone);
  const g = new OnnxGraphBuilder();
  appendBackbone(g, backbone);
  return encodeModel(g, spec, backbone.name);
}

/** Image transposed to NCHW, the backbone, and its output named `embedding`; returns that name. */
function appendBackbone(g: OnnxGraphBuilder, backbone: tf.LayersModel): string {
  for (const reserved of [IMAGE_INPUT, EMBEDDING_OUTPUT, PROBABILITIES_OUTPUT]) g.uniqueName(reserved);
  const nchw = g.addNode('Transpose', 'image_nchw', [IMAGE_INPUT], [intsAttribute('perm', [0, 3, 1, 2])]);
  const [embedding] = appendLayersModel(g, backbone, [{ name: nchw, rank: 4 }]);
  if (embedding === undefined) throw new RangeError(`backbone '${backbone.name}' has no output`);
  return g.addNode('Identity', EMBEDDING_OUTPUT, [embedding.name], [], EMBEDDING_OUTPUT);
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
