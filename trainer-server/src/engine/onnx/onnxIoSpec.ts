import type * as tf from '@tensorflow/tfjs';
import type { BaseModelDescription } from '../baseModel/baseModelDescription.js';

/** One graph input or output, JSON-serialisable for the model card. A string dimension is symbolic. */
export interface OnnxTensorSpec {
  readonly name: string;
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
const BATCH = 'batch';

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
  return {
    opset: ONNX_OPSET,
    inputs: [imageSpec(image)],
    outputs: [
      {
        name: PROBABILITIES_OUTPUT,
        dtype: 'float32',
        shape: [BATCH, classCount],
        description: 'class probabilities (softmax over the last axis)',
      },
      embeddingSpec(embeddingSize),
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
    dtype: 'float32',
    shape: [BATCH, height ?? 'height', width ?? 'width', channels ?? 'channels'],
    description: 'images, NHWC, preprocessed as the base model describes',
  };
}

function embeddingSpec(size: number): OnnxTensorSpec {
  return {
    name: EMBEDDING_OUTPUT,
    dtype: 'float32',
    shape: [BATCH, size],
    description: "the backbone's embedding (global average pool)",
  };
}
