import type * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { appendLayersModel } from './appendLayersModel.js';
import { OnnxGraphBuilder, intsAttribute } from './onnxGraphBuilder.js';
import { EMBEDDING_OUTPUT, IMAGE_INPUT, ONNX_OPSET, PROBABILITIES_OUTPUT } from './onnxIoSpec.js';
import type { DecodedGraph } from './prunedBackbone.js';
import { BACKBONE_PREFIX, pruneTo } from './prunedBackbone.js';

const { onnx } = onnxProto;
type ValueInfo = InstanceType<typeof onnx.ValueInfoProto>;

export interface OnnxBackbone {
  /** The deployment's ONNX file, as bytes. */
  readonly bytes: Uint8Array;
  readonly embeddingOutput: string;
  readonly layout: 'NHWC' | 'NCHW';
}

/**
 * The classifier for a deployment that brought its own ONNX backbone: the same contract as
 * exportClassifierToOnnx (`image` NHWC in; `probabilities` and `embedding` out), built by pruning the
 * backbone to its embedding output and appending the tfjs head. The backbone's opset is kept, and must be
 * 13 or later, the opset the head's nodes are written for.
 */
export function exportClassifierOnOnnxBackbone(backbone: OnnxBackbone, head: tf.LayersModel): Uint8Array {
  const model = onnx.ModelProto.decode(backbone.bytes);
  if (model.graph === null || model.graph === undefined)
    throw new RangeError('the ONNX backbone has no graph');
  const graph = model.graph as unknown as DecodedGraph;
  // Int64 fields decode as number or Long; opsets and dimensions are small, so Number() is exact.
  const opset = Number(model.opsetImport.find((o) => (o.domain ?? '') === '')?.version ?? 0);
  if (opset < ONNX_OPSET) {
    throw new RangeError(`the ONNX backbone uses opset ${opset}; ${ONNX_OPSET} or later is needed`);
  }
  if (graph.sparseInitializer.length > 0) throw new RangeError('the ONNX backbone has sparse initializers');
  if (graph.node.some((n) => n.attribute.some((a) => a.g !== null && a.g !== undefined))) {
    throw new RangeError('the ONNX backbone has control-flow subgraphs, which cannot be merged');
  }
  const input = singleImageInput(graph);
  if (!graph.node.some((n) => n.output.includes(backbone.embeddingOutput))) {
    throw new RangeError(`the ONNX backbone has no node output named '${backbone.embeddingOutput}'`);
  }
  const kept = pruneTo(graph, backbone.embeddingOutput);

  const embeddingSize = head.inputs[0]?.shape[1];
  if (head.inputs.length !== 1 || typeof embeddingSize !== 'number') {
    throw new RangeError(`head '${head.name}' must take one [batch, size] input`);
  }
  const declared = declaredWidth(graph, backbone.embeddingOutput);
  if (declared !== undefined && declared !== embeddingSize) {
    throw new RangeError(
      `head '${head.name}' takes ${embeddingSize} features, but '${backbone.embeddingOutput}' has ${declared}`,
    );
  }

  const g = new OnnxGraphBuilder();
  for (const reserved of [IMAGE_INPUT, EMBEDDING_OUTPUT, PROBABILITIES_OUTPUT]) g.uniqueName(reserved);
  if (backbone.layout === 'NCHW') {
    const toNchw = [intsAttribute('perm', [0, 3, 1, 2])];
    g.addNode('Transpose', 'image_nchw', [IMAGE_INPUT], toNchw, BACKBONE_PREFIX + input.name);
  } else {
    g.addNode('Identity', 'image', [IMAGE_INPUT], [], BACKBONE_PREFIX + input.name);
  }
  g.addNode('Identity', EMBEDDING_OUTPUT, [BACKBONE_PREFIX + backbone.embeddingOutput], [], EMBEDDING_OUTPUT);
  const [probabilities] = appendLayersModel(g, head, [{ name: EMBEDDING_OUTPUT, rank: 2 }]);
  if (probabilities === undefined) throw new RangeError(`head '${head.name}' has no output`);
  g.addNode('Identity', PROBABILITIES_OUTPUT, [probabilities.name], [], PROBABILITIES_OUTPUT);

  model.graph = onnx.GraphProto.create({
    name: `${graph.name || 'backbone'}+${head.name}`,
    node: [...kept.nodes, ...g.nodes],
    initializer: [...kept.initializers, ...g.initializers],
    valueInfo: kept.valueInfo,
    quantizationAnnotation: kept.quantizationAnnotation,
    input: [tensorInfo(IMAGE_INPUT, ['batch', ...imageDims(input, backbone.layout)])],
    output: [
      tensorInfo(PROBABILITIES_OUTPUT, ['batch', head.outputs[0]?.shape[1] ?? 'classes']),
      tensorInfo(EMBEDDING_OUTPUT, ['batch', embeddingSize]),
    ],
  });
  return onnx.ModelProto.encode(model).finish();
}

function singleImageInput(graph: DecodedGraph): ValueInfo {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((i) => !initializers.has(i.name));
  const [input] = inputs;
  const rank = input?.type?.tensorType?.shape?.dim?.length;
  if (input === undefined || inputs.length !== 1 || rank !== 4) {
    throw new RangeError(
      `the ONNX backbone must have one rank-4 image input; it has ${inputs.map((i) => i.name).join(', ')}`,
    );
  }
  return input;
}

/** The image input's H, W, C (numbers where the backbone fixes them), given the backbone's layout. */
function imageDims(input: ValueInfo, layout: 'NHWC' | 'NCHW'): (number | string)[] {
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d, i) => {
    const size = Number(d.dimValue ?? 0);
    return size > 0 ? size : d.dimParam || `d${i}`;
  });
  return layout === 'NCHW' ? [dims[2], dims[3], dims[1]].map((d) => d ?? 'unknown') : dims.slice(1);
}

/** The last dimension the backbone declares for `name`, where it declares a fixed one. */
function declaredWidth(graph: DecodedGraph, name: string): number | undefined {
  const info = [...graph.output, ...graph.valueInfo].find((v) => v.name === name);
  const last = Number(info?.type?.tensorType?.shape?.dim?.at(-1)?.dimValue ?? 0);
  return last > 0 ? last : undefined;
}

function tensorInfo(name: string, shape: readonly (number | string)[]): ValueInfo {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}
