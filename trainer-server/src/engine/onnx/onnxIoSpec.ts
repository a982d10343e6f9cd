import type { OnnxTensorRole } from '@aift/contract';
import type * as tf from '@tensorflow/tfjs';
import type { BaseModelDescription } from '../baseModel/baseModelDescription.js';

/** What a graph input or output is for: the contract's roles, which the viewer finds its tensors by. */
export type { OnnxTensorRole };

/** One graph input or output, JSON-serialisable for the model card. A string dimension is symbolic. */
export interface OnnxTensorSpec {
  readonly name: string;
  readonly role: OnnxTensorRole;
  readonly dtype: 'float32';
  readonly shape: readonly (number | string)[];
  readonly description: string;
}

export interface OnnxIoSpec {
  readonly opset: number;
  readonly inputs: readonly OnnxTensorSpec[];
  readonly outputs: readonly OnnxTensorSpec[];
}

export const ONNX_OPSET = 13;
export const IMAGE_INPUT = 'image';
export const EMBEDDING_OUTPUT = 'embedding';
export const PROBABILITIES_OUTPUT = 'probabilities';
export const CELL_PROBABILITIES_OUTPUT = 'cell_probabilities';
const BATCH = 'batch';

/**
 * The backbone's last spatial feature map, where the embedding is its global average (MobileNetV2's is:
 * 7 x 7 x 1280 at 224 px): the tensor a GlobalAveragePooling2D pools, or an AveragePooling2D whose window
 * is the whole map followed by Flatten (as nsfwjs' MobileNetV2 ends), with its static rows, columns and
 * channels. Null for a backbone that ends otherwise, or whose map size is not fixed: its classifier then
 * has no cell map.
 */
export function lastFeatureMap(
  backbone: tf.LayersModel,
): { tensor: tf.SymbolicTensor; rows: number; columns: number; channels: number } | null {
  const [output] = backbone.outputs;
  if (output === undefined || backbone.outputs.length !== 1) return null;
  const inputOf = (t: tf.SymbolicTensor) => t.sourceLayer.inboundNodes[t.nodeIndex]?.inputTensors;
  let pooled = output;
  if (output.sourceLayer.getClassName() === 'Flatten') {
    const [flattened] = inputOf(output) ?? [];
    if (flattened === undefined || flattened.sourceLayer.getClassName() !== 'AveragePooling2D') return null;
    // An average pool that leaves more than one cell is not global.
    if (flattened.shape[1] !== 1 || flattened.shape[2] !== 1) return null;
    pooled = flattened;
  } else if (output.sourceLayer.getClassName() !== 'GlobalAveragePooling2D') {
    return null;
  }
  const [tensor] = inputOf(pooled) ?? [];
  const [, rows, columns, channels] = tensor?.shape ?? [];
  if (tensor === undefined || tensor.shape.length !== 4) return null;
  if (typeof rows !== 'number' || typeof columns !== 'number' || typeof channels !== 'number') return null;
  return { tensor, rows, columns, channels };
}

/** Inputs and outputs of the backbone-only graph (image -> embedding). */
export function backboneIoSpec(backbone: tf.LayersModel): OnnxIoSpec {
  const { image, embeddingSize } = backboneShapes(backbone);
  return { opset: ONNX_OPSET, inputs: [imageSpec(image)], outputs: [embeddingSpec(embeddingSize)] };
}

/** Inputs and outputs of the whole classifier graph (image -> probabilities and embedding). */
export function classifierIoSpec(backbone: tf.LayersModel, head: tf.LayersModel): OnnxIoSpec {
  const { image, embeddingSize } = backboneShapes(backbone);
  const headInput = singleShape(head, 'inputs', head.inputs);
  if (headInput.length !== 2 || headInput[1] !== embeddingSize) {
    throw new RangeError(
      `head '${head.name}' takes [${headInput.join(', ')}], but the backbone's embedding is [batch, ${embeddingSize}]`,
    );
  }
  const classes = singleShape(head, 'outputs', head.outputs);
  const classCount = classes[1];
  if (classes.length !== 2 || typeof classCount !== 'number') {
    throw new RangeError(`head '${head.name}' outputs [${classes.join(', ')}]; expected [batch, classes]`);
  }
  const map = lastFeatureMap(backbone);
  return {
    opset: ONNX_OPSET,
    inputs: [imageSpec(image)],
    outputs: [
      {
        name: PROBABILITIES_OUTPUT,
        role: 'probabilities',
        dtype: 'float32',
        shape: [BATCH, classCount],
        description: 'class probabilities (softmax over the last axis)',
      },
      embeddingSpec(embeddingSize),
      ...(map === null
        ? []
        : [
            {
              name: CELL_PROBABILITIES_OUTPUT,
              role: 'cellProbabilities' as const,
              dtype: 'float32' as const,
              shape: [BATCH, map.rows, map.columns, classCount],
              description:
                "the head applied to each cell of the backbone's last feature map (before its global pooling): " +
                'class probabilities per region of the input, row-major, as class activation maps generalise',
            },
          ]),
    ],
  };
}

/**
 * The base model's description restated for the graph that exportBackboneToOnnx (or
 * exportClassifierToOnnx) wrote from it: same input and preprocessing, but NHWC and the embedding read
 * from the output `embedding`, whatever the tfjs layer was called.
 */
export function describeExportedBackbone(description: BaseModelDescription): BaseModelDescription {
  return { ...description, layout: 'NHWC', embeddingName: EMBEDDING_OUTPUT };
}

function backboneShapes(backbone: tf.LayersModel): { image: (number | null)[]; embeddingSize: number } {
  const image = singleShape(backbone, 'inputs', backbone.inputs);
  if (image.length !== 4 || typeof image[3] !== 'number') {
    throw new RangeError(
      `backbone '${backbone.name}' takes [${image.join(', ')}]; expected NHWC [batch, h, w, c]`,
    );
  }
  const embedding = singleShape(backbone, 'outputs', backbone.outputs);
  const embeddingSize = embedding[1];
  if (embedding.length !== 2 || typeof embeddingSize !== 'number') {
    throw new RangeError(
      `backbone '${backbone.name}' outputs [${embedding.join(', ')}]; expected [batch, size]`,
    );
  }
  return { image, embeddingSize };
}

function singleShape(
  model: tf.LayersModel,
  what: string,
  tensors: readonly tf.SymbolicTensor[],
): (number | null)[] {
  const [tensor] = tensors;
  if (tensor === undefined || tensors.length !== 1) {
    throw new RangeError(`model '${model.name}' has ${tensors.length} ${what}; expected one`);
  }
  return tensor.shape;
}

function imageSpec(shape: readonly (number | null)[]): OnnxTensorSpec {
  const [, height, width, channels] = shape;
  return {
    name: IMAGE_INPUT,
    role: 'image',
    dtype: 'float32',
    shape: [BATCH, height ?? 'height', width ?? 'width', channels ?? 'channels'],
    description: 'images, NHWC, preprocessed as the base model describes',
  };
}

function embeddingSpec(size: number): OnnxTensorSpec {
  return {
    name: EMBEDDING_OUTPUT,
    role: 'embedding',
    dtype: 'float32',
    shape: [BATCH, size],
    description: "the backbone's embedding (global average pool)",
  };
}
