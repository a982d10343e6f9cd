import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaseModelDescription, CustomBaseModelFacts, TfjsBaseModel } from './baseModelDescription.js';
import { BaseModelError } from './baseModelError.js';
import { cutAtEmbedding } from './cutAtEmbedding.js';
import { layersModelFromJson } from './layersModelFromJson.js';

export interface TfjsBaseModelOptions extends CustomBaseModelFacts {
  /** Directory holding `model.json` and the weight shards it names. */
  readonly directory: string;
  /** Layer whose [batch, size] output is the embedding. */
  readonly embeddingLayer: string;
}

/** A deployment's own tfjs layers model (NHWC image input), cut at its embedding layer. */
export async function loadTfjsBaseModel(options: TfjsBaseModelOptions): Promise<TfjsBaseModel> {
  const modelFile = join(options.directory, 'model.json');
  const text = await readFile(modelFile, 'utf8').catch((error: unknown) => {
    throw new BaseModelError(`${modelFile}: cannot read the tfjs model file (${describe(error)})`, modelFile);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BaseModelError(`${modelFile}: not valid JSON (${describe(error)})`, modelFile);
  }
  const full = await layersModelFromJson(
    json,
    async (path) => {
      const shardFile = join(options.directory, path);
      return readFile(shardFile).catch((error: unknown) => {
        throw new BaseModelError(
          `${shardFile}: cannot read the weight shard named in ${modelFile} (${describe(error)})`,
          shardFile,
        );
      });
    },
    modelFile,
  );
  const model = cutAtEmbedding(full, options.embeddingLayer, modelFile);
  const [, height, width, channels] = model.inputs[0]?.shape ?? [];
  if (
    model.inputs.length !== 1 ||
    typeof height !== 'number' ||
    typeof width !== 'number' ||
    typeof channels !== 'number'
  ) {
    model.dispose();
    throw new BaseModelError(
      `${modelFile}: expected one NHWC image input of fixed size, got [${model.inputs.map((t) => t.shape.join(', ')).join('], [')}]`,
      modelFile,
    );
  }
  const description: BaseModelDescription = {
    inputHeight: height,
    inputWidth: width,
    channels,
    layout: 'NHWC',
    preprocessing: options.preprocessing,
    embeddingName: options.embeddingLayer,
    embeddingSize: model.outputs[0]?.shape[1] as number,
    provenance: options.provenance,
  };
  return { kind: 'tfjs', model, description };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
