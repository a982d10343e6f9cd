import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { BaseModelDescription, InputPreprocessing, TfjsBaseModel } from './baseModelDescription.js';
import { BaseModelError } from './baseModelError.js';
import { cutAtEmbedding } from './cutAtEmbedding.js';
import { layersModelFromJson } from './layersModelFromJson.js';

/**
 * Exactly what nsfwjs 4.4.0 (`dist/esm/core.js`, `NSFWJS.infer`) does before calling the model:
 * `tf.browser.fromPixels` (RGB), `.toFloat().div(255)`, then `tf.image.resizeBilinear(x, [224, 224], true)`
 * when the image is not 224 x 224. The Keras graph itself has no rescaling layer, so inputs are in [0, 1]
 * (not MobileNet's usual [-1, 1]).
 */
export const NSFWJS_MOBILENET_V2_PREPROCESSING: InputPreprocessing = {
  channelOrder: 'RGB',
  scale: 1 / 255,
  offset: 0,
  valueRange: [0, 1],
  resize: 'bilinear with align corners (tf.image.resizeBilinear(x, [224, 224], true)) to 224 x 224',
};

/** The global-average-pool embedding: AveragePooling2D(7 x 7) over the 7 x 7 x 1280 map, then Flatten. */
export const NSFWJS_MOBILENET_V2_EMBEDDING_LAYER = 'flatten_1';
const EMBEDDING_SIZE = 1280;
const INPUT_SIZE = 224;
const MODEL_FOLDER = join('dist', 'models', 'mobilenet_v2');

/**
 * Loads the MobileNetV2 shipped in the installed nsfwjs package, fully offline, cut before nsfwjs's
 * Dense 256 / 128 / 5 head. The files are found through the package's resolved location.
 */
export async function loadNsfwjsMobileNetV2(): Promise<TfjsBaseModel> {
  const { root, version } = await locateNsfwjs();
  const folder = join(root, MODEL_FOLDER);
  const modelFile = join(folder, 'model.min.js');
  const modelJson = await evaluateBundledModule(modelFile);
  const full = await layersModelFromJson(
    modelJson,
    async (path) => {
      const shardFile = join(folder, `${path}.min.js`);
      const base64 = await evaluateBundledModule(shardFile);
      if (typeof base64 !== 'string')
        throw new BaseModelError(`${shardFile}: expected a base64 string`, shardFile);
      return new Uint8Array(Buffer.from(base64, 'base64'));
    },
    modelFile,
  );
  const model = cutAtEmbedding(full, NSFWJS_MOBILENET_V2_EMBEDDING_LAYER, modelFile);
  const description: BaseModelDescription = {
    inputHeight: INPUT_SIZE,
    inputWidth: INPUT_SIZE,
    channels: 3,
    layout: 'NHWC',
    preprocessing: NSFWJS_MOBILENET_V2_PREPROCESSING,
    embeddingName: NSFWJS_MOBILENET_V2_EMBEDDING_LAYER,
    embeddingSize: EMBEDDING_SIZE,
    provenance:
      `Keras MobileNetV2 (alpha 1.0, 224 px) from nsfwjs@${version} (MIT), ${MODEL_FOLDER}: ` +
      'ImageNet-initialised, then fine-tuned by nsfwjs on 5 NSFW classes (Drawing, Hentai, Neutral, Porn, Sexy); ' +
      'weights uint8-quantised by the tfjs converter. Not a pure ImageNet model: the embedding is a general ' +
      'natural-image feature shaped by that fine-tuning. Cut at the 1280-d global average pool, before the ' +
      'nsfwjs Dense-256/128/5 head.',
  };
  return { kind: 'tfjs', model, description };
}

async function locateNsfwjs(): Promise<{ root: string; version: string }> {
  const entry = fileURLToPath(import.meta.resolve('nsfwjs'));
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest === undefined) continue;
    const { name, version } = JSON.parse(manifest) as { name?: unknown; version?: unknown };
    if (name === 'nsfwjs' && typeof version === 'string') return { root: dir, version };
  }
  throw new BaseModelError(`no package.json of nsfwjs above ${entry}`, entry);
}

/**
 * The .min.js files are browserify UMD bundles whose only job is `module.exports = <value>`. They are
 * run in an empty VM context with just `module`, then copied through JSON so that no object from the
 * other realm (with its own Array prototype) reaches tfjs.
 */
async function evaluateBundledModule(file: string): Promise<unknown> {
  const source = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new BaseModelError(`${file}: cannot read the nsfwjs model file (${String(error)})`, file);
  });
  const module: { exports: unknown } = { exports: {} };
  vm.runInNewContext(source, { module, exports: module.exports }, { filename: file });
  return JSON.parse(JSON.stringify(module.exports)) as unknown;
}
