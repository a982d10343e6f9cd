import type * as tf from '@tensorflow/tfjs';
import type { InferenceSession } from 'onnxruntime-node';

/**
 * How pixels must be prepared before they reach the model's input:
 * `value = pixel * scale + offset` per channel, with `pixel` an 8-bit value (0..255) in `channelOrder`,
 * after resizing to the model's input size.
 */
export interface InputPreprocessing {
  readonly channelOrder: 'RGB' | 'BGR';
  readonly scale: number;
  readonly offset: number;
  /** The range that `pixel * scale + offset` spans for pixels 0..255, stated for readers of the model card. */
  readonly valueRange: readonly [number, number];
  readonly resize: string;
}

/** What a caller needs to feed the backbone and to use its embedding. */
export interface BaseModelDescription {
  /** Height and width of the square (or not) image the backbone takes. */
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly channels: number;
  /** Layout of the backbone's own input tensor. */
  readonly layout: 'NHWC' | 'NCHW';
  readonly preprocessing: InputPreprocessing;
  /** Layer (tfjs) or output (ONNX) that yields the embedding. */
  readonly embeddingName: string;
  readonly embeddingSize: number;
  /** Where the weights come from and what they were trained on, in plain words. */
  readonly provenance: string;
}

/** A backbone held as a tfjs LayersModel: image in, embedding out. Dispose `model` when done. */
export interface TfjsBaseModel {
  readonly kind: 'tfjs';
  readonly model: tf.LayersModel;
  readonly description: BaseModelDescription;
}

/** A backbone held as an onnxruntime-node session: `inputName` in, `description.embeddingName` out. */
export interface OnnxBaseModel {
  readonly kind: 'onnx';
  readonly file: string;
  readonly session: InferenceSession;
  readonly inputName: string;
  readonly description: BaseModelDescription;
}

export type BaseModel = TfjsBaseModel | OnnxBaseModel;

/** What a deployment states about its own model, which the files themselves cannot tell. */
export interface CustomBaseModelFacts {
  readonly preprocessing: InputPreprocessing;
  readonly provenance: string;
}
