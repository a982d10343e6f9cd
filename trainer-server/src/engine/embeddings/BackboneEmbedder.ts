import * as ort from 'onnxruntime-node';
import type { BaseModel, BaseModelDescription } from '../baseModel/baseModelDescription.js';
import { describeExportedBackbone } from '../onnx/onnxIoSpec.js';
import { exportBackboneToOnnx } from '../onnx/exportOnnx.js';

export interface EmbedderOptions {
  /** onnxruntime intra-op threads; the machine's cores by default. */
  readonly threads?: number;
}

/**
 * The frozen backbone run by onnxruntime-node: NHWC patches with values in [0, 1] (8-bit pixel / 255, RGB,
 * as the selection core renders them) in, one embedding per patch out. Adapts to the backbone's own
 * preprocessing (scale, offset, channel order, NCHW layout) so every caller feeds the same patches.
 */
export class BackboneEmbedder {
  readonly #session: ort.InferenceSession;
  readonly #inputName: string;
  readonly description: BaseModelDescription;

  private constructor(session: ort.InferenceSession, inputName: string, description: BaseModelDescription) {
    this.#session = session;
    this.#inputName = inputName;
    this.description = description;
  }

  /** Any base model: a tfjs backbone is exported to ONNX first, an ONNX one is used as it is. */
  static async forBaseModel(base: BaseModel, options: EmbedderOptions = {}): Promise<BackboneEmbedder> {
    if (base.kind === 'onnx')
      return BackboneEmbedder.fromSession(base.session, base.inputName, base.description);
    const bytes = exportBackboneToOnnx(base.model);
    return BackboneEmbedder.fromOnnxBytes(bytes, describeExportedBackbone(base.description), options);
  }

  /** From ONNX bytes whose single input takes images as `description` says. */
  static async fromOnnxBytes(
    bytes: Uint8Array,
    description: BaseModelDescription,
    options: EmbedderOptions = {},
  ): Promise<BackboneEmbedder> {
    const session = await ort.InferenceSession.create(bytes, sessionOptions(options));
    return new BackboneEmbedder(session, session.inputNames[0]!, description);
  }

  /** From an already opened session, e.g. a deployment's own ONNX backbone (`loadOnnxBaseModel`). */
  static fromSession(session: ort.InferenceSession, inputName: string, description: BaseModelDescription) {
    return new BackboneEmbedder(session, inputName, description);
  }

  /** Embeddings (count x embeddingSize) of `count` NHWC patches of the backbone's input size. */
  async embed(patches: Float32Array, count: number): Promise<Float32Array> {
    const { inputHeight: h, inputWidth: w, channels: c, embeddingName, embeddingSize } = this.description;
    if (patches.length !== count * h * w * c) {
      throw new RangeError(`patches hold ${patches.length} values, expected ${count} x ${h} x ${w} x ${c}`);
    }
    if (count === 0) return new Float32Array(0);
    const input = this.#toBackboneInput(patches, count);
    const outputs = await this.#session.run({ [this.#inputName]: input }, [embeddingName]);
    try {
      const data = outputs[embeddingName]?.data;
      if (!(data instanceof Float32Array) || data.length !== count * embeddingSize) {
        throw new TypeError(`backbone output '${embeddingName}' is not ${count} x ${embeddingSize} float32`);
      }
      return data.slice();
    } finally {
      input.dispose();
      for (const tensor of Object.values(outputs)) tensor.dispose();
    }
  }

  async release(): Promise<void> {
    await this.#session.release();
  }

  #toBackboneInput(patches: Float32Array, count: number): ort.Tensor {
    const { inputHeight: h, inputWidth: w, channels: c, layout, preprocessing } = this.description;
    const scale = preprocessing.scale * 255; // our patches hold pixel / 255
    const { offset } = preprocessing;
    const swap = preprocessing.channelOrder === 'BGR';
    const identity = scale === 1 && offset === 0 && !swap && layout === 'NHWC';
    if (identity) return new ort.Tensor('float32', patches, [count, h, w, c]);
    const out = new Float32Array(patches.length);
    for (let n = 0; n < count; n++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          for (let ch = 0; ch < c; ch++) {
            const from = ((n * h + y) * w + x) * c + (swap ? c - 1 - ch : ch);
            const to = layout === 'NHWC' ? ((n * h + y) * w + x) * c + ch : ((n * c + ch) * h + y) * w + x;
            out[to] = patches[from]! * scale + offset;
          }
        }
      }
    }
    return new ort.Tensor('float32', out, layout === 'NHWC' ? [count, h, w, c] : [count, c, h, w]);
  }
}

function sessionOptions({ threads }: EmbedderOptions): ort.InferenceSession.SessionOptions {
  return threads === undefined ? {} : { intraOpNumThreads: threads, interOpNumThreads: 1 };
}
