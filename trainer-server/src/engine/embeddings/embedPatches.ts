import { extractPatches, toModelInput } from '@aift/selection-core';
import type { AugmentationPlan, ImagePlane, ModelInputFit } from '@aift/selection-core';
import type { BackboneEmbedder } from './BackboneEmbedder.js';
import type { EmbeddingCache } from './EmbeddingCache.js';

export interface EmbedPatchesOptions {
  readonly plan: AugmentationPlan;
  readonly fit: ModelInputFit;
  /** Stable ids of the images, for the cache (required with `cache`). */
  readonly ids?: readonly string[];
  readonly cache?: EmbeddingCache;
  /** Backbone version string, part of the cache key. */
  readonly backboneVersion?: string;
  /** Called after each image with the count done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The embeddings of every patch of every image (images x m x embeddingSize, row-major): each image is made
 * square at the backbone's input size, rendered into the plan's m patches (the same code the browser runs),
 * and embedded by the backbone, through the cache when one is given.
 */
export async function embedPatches(
  embedder: BackboneEmbedder,
  images: readonly ImagePlane[],
  options: EmbedPatchesOptions,
): Promise<Float32Array> {
  const { plan, fit, ids, cache, backboneVersion, onProgress } = options;
  const { inputHeight: size, inputWidth, channels, embeddingSize } = embedder.description;
  if (size !== inputWidth) throw new RangeError(`backbone input ${size} x ${inputWidth} is not square`);
  if (channels !== 1 && channels !== 3)
    throw new RangeError(`backbone takes ${channels} channels, not 1 or 3`);
  if (cache && (!ids || ids.length !== images.length || backboneVersion === undefined)) {
    throw new TypeError('a cache needs one id per image and the backbone version');
  }
  const m = plan.transforms.length;
  const out = new Float32Array(images.length * m * embeddingSize);
  for (let i = 0; i < images.length; i++) {
    const embedMissing = async (missing: readonly number[]) => {
      const square = toModelInput(images[i]!, { size, channels, fit }); // only when something is missing
      const subPlan = { name: plan.name, transforms: missing.map((j) => plan.transforms[j]!) };
      return embedder.embed(extractPatches(square, subPlan, size), missing.length);
    };
    const embeddings =
      cache && ids && backboneVersion !== undefined
        ? await cache.getOrCompute(
            { image: ids[i]!, frame: 1, backbone: backboneVersion },
            plan,
            embedMissing,
          )
        : await embedMissing(plan.transforms.map((_, j) => j));
    out.set(embeddings, i * m * embeddingSize);
    onProgress?.(i + 1, images.length);
  }
  return out;
}
