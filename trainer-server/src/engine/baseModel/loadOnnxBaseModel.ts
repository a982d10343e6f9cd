import { access } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { BaseModelDescription, CustomBaseModelFacts, OnnxBaseModel } from './baseModelDescription.js';
import { BaseModelError } from './baseModelError.js';

export interface OnnxBaseModelOptions extends CustomBaseModelFacts {
  readonly file: string;
  /** Graph output that yields the [batch, size] embedding. */
  readonly embeddingOutput: string;
  /** Layout of the single image input; ONNX files from PyTorch are usually NCHW. */
  readonly layout: 'NHWC' | 'NCHW';
}

/**
 * A deployment's own ONNX backbone, opened with onnxruntime-node to check that it has one image input
 * of fixed spatial size and the named embedding output. Release `session` when done.
 */
export async function loadOnnxBaseModel(options: OnnxBaseModelOptions): Promise<OnnxBaseModel> {
  const { file } = options;
  await access(file).catch(() => {
    throw new BaseModelError(`${file}: ONNX base model file not found`, file);
  });
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(file);
  } catch (error) {
    throw new BaseModelError(
      `${file}: onnxruntime cannot load it (${error instanceof Error ? error.message : String(error)})`,
      file,
    );
  }
  try {
    const description = describeSession(session, options);
    const inputName = session.inputNames[0] as string;
    return { kind: 'onnx', file, session, inputName, description };
  } catch (error) {
    await session.release();
    throw error;
  }
}

function describeSession(s: ort.InferenceSession, options: OnnxBaseModelOptions): BaseModelDescription {
  const { file, embeddingOutput, layout } = options;
  const output = s.outputMetadata.find((m) => m.name === embeddingOutput);
  if (output === undefined) {
    throw new BaseModelError(
      `${file}: no output named '${embeddingOutput}' (outputs: ${s.outputNames.join(', ')})`,
      file,
    );
  }
  const embeddingSize = output.isTensor && output.shape.length === 2 ? output.shape[1] : undefined;
  if (typeof embeddingSize !== 'number') {
    throw new BaseModelError(
      `${file}: output '${embeddingOutput}' is not a [batch, size] tensor of fixed size`,
      file,
    );
  }
  const [input] = s.inputMetadata;
  const shape = input?.isTensor === true ? input.shape : [];
  const [height, width, channels] = layout === 'NHWC' ? shape.slice(1) : [shape[2], shape[3], shape[1]];
  if (
    s.inputNames.length !== 1 ||
    shape.length !== 4 ||
    ![height, width, channels].every((d) => typeof d === 'number')
  ) {
    throw new BaseModelError(
      `${file}: expected one ${layout} image input of fixed size, got ${s.inputNames.join(', ')} [${shape.join(', ')}]`,
      file,
    );
  }
  return {
    inputHeight: height as number,
    inputWidth: width as number,
    channels: channels as number,
    layout,
    preprocessing: options.preprocessing,
    embeddingName: embeddingOutput,
    embeddingSize,
    provenance: options.provenance,
  };
}
