import * as tf from '@tensorflow/tfjs';
import { BaseModelError } from './baseModelError.js';

/**
 * Builds a LayersModel from the parsed contents of a tfjs `model.json` and a reader for its weight
 * shards, without any network or file-system IO handler (tfjs-node, which has one, is not always
 * installable). `readShard` is given each path of the weights manifest, in order.
 */
export async function layersModelFromJson(
  modelJson: unknown,
  readShard: (path: string) => Promise<Uint8Array>,
  file: string,
): Promise<tf.LayersModel> {
  const { modelTopology, weightsManifest } = parseModelJson(modelJson, file);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of weightsManifest) {
    for (const path of group.paths) shards.push(await readShard(path));
    weightSpecs.push(...group.weights);
  }
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology, weightSpecs, weightData: weightData.buffer }),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BaseModelError(`${file}: tfjs could not build the layers model: ${reason}`, file);
  }
}

function parseModelJson(
  json: unknown,
  file: string,
): { modelTopology: tf.io.ModelJSON['modelTopology']; weightsManifest: tf.io.WeightsManifestConfig } {
  if (typeof json !== 'object' || json === null) {
    throw new BaseModelError(`${file}: model JSON is not an object`, file);
  }
  const { modelTopology, weightsManifest } = json as Partial<tf.io.ModelJSON>;
  if (typeof modelTopology !== 'object' || modelTopology === null) {
    throw new BaseModelError(`${file}: model JSON has no 'modelTopology' object`, file);
  }
  const groups: unknown = weightsManifest ?? [];
  const valid =
    Array.isArray(groups) &&
    groups.every(
      (g: unknown) =>
        typeof g === 'object' &&
        g !== null &&
        Array.isArray((g as { paths?: unknown }).paths) &&
        Array.isArray((g as { weights?: unknown }).weights),
    );
  if (!valid) {
    throw new BaseModelError(`${file}: 'weightsManifest' must be a list of {paths, weights} groups`, file);
  }
  return { modelTopology, weightsManifest: groups as tf.io.WeightsManifestConfig };
}
