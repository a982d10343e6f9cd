import type { AugmentationPlan, ModelInputFit } from '@aift/selection-core';
import type { TfjsBaseModel } from '../engine/baseModel/index.js';
import { loadNsfwjsMobileNetV2 } from '../engine/baseModel/index.js';
import { BackboneEmbedder } from '../engine/embeddings/BackboneEmbedder.js';
import { EmbeddingCache } from '../engine/embeddings/EmbeddingCache.js';
import { embedPatches } from '../engine/embeddings/embedPatches.js';
import type { ImageSource } from '../pacs/ports.js';
import type { Candidate } from '../store/ports.js';

export interface CandidateEmbedderOptions {
  /** Only `fetchFrame` is used. */
  readonly source: Pick<ImageSource, 'fetchFrame'>;
  /** Folder of the on-disk embedding cache. */
  readonly cacheDir: string;
  readonly plan: AugmentationPlan;
  readonly fit: ModelInputFit;
  /** The frozen backbone; default the nsfwjs MobileNetV2 (224 px, 1280-d). */
  readonly backbone?: TfjsBaseModel;
  /** Names the backbone's weights in the cache key; required with a custom `backbone`. */
  readonly backboneVersion?: string;
}

/** The default backbone's name in the embedding cache's keys. */
export const DEFAULT_BACKBONE_VERSION = 'nsfwjs-mobilenet_v2';

/**
 * The m patch embeddings of a stored candidate: read from the cache (keyed by SOP Instance UID, frame
 * number, patch transform and backbone version), or fetched from the PACS and embedded when any is missing.
 */
export class CandidateEmbedder {
  readonly backbone: TfjsBaseModel;
  readonly backboneVersion: string;
  readonly plan: AugmentationPlan;
  readonly fit: ModelInputFit;
  readonly #source: Pick<ImageSource, 'fetchFrame'>;
  readonly #embedder: BackboneEmbedder;
  readonly #cache: EmbeddingCache;
  /** The default backbone is loaded here and disposed here; a backbone passed in stays the caller's. */
  readonly #ownsBackbone: boolean;

  private constructor(
    options: CandidateEmbedderOptions,
    backbone: TfjsBaseModel,
    embedder: BackboneEmbedder,
  ) {
    this.backbone = backbone;
    this.backboneVersion = options.backboneVersion ?? DEFAULT_BACKBONE_VERSION;
    this.plan = options.plan;
    this.fit = options.fit;
    this.#source = options.source;
    this.#embedder = embedder;
    this.#cache = new EmbeddingCache(options.cacheDir, backbone.description.embeddingSize);
    this.#ownsBackbone = options.backbone === undefined;
  }

  static async create(options: CandidateEmbedderOptions): Promise<CandidateEmbedder> {
    if (options.backbone && options.backboneVersion === undefined) {
      throw new TypeError('a custom backbone needs a backboneVersion for the embedding cache key');
    }
    const backbone = options.backbone ?? (await loadNsfwjsMobileNetV2());
    return new CandidateEmbedder(options, backbone, await BackboneEmbedder.forBaseModel(backbone));
  }

  get embeddingSize(): number {
    return this.backbone.description.embeddingSize;
  }

  /** m x embeddingSize values, row-major; touches the PACS only when the cache lacks a patch. */
  async embed(candidate: Candidate): Promise<Float32Array> {
    return this.#cache.getOrCompute(
      { image: candidate.sopInstanceUid, frame: candidate.frame, backbone: this.backboneVersion },
      this.plan,
      async (missing) => {
        const { plane } = await this.#source.fetchFrame(candidate);
        const plan = { name: this.plan.name, transforms: missing.map((j) => this.plan.transforms[j]!) };
        return embedPatches(this.#embedder, [plane], { plan, fit: this.fit });
      },
    );
  }

  async release(): Promise<void> {
    await this.#embedder.release();
    if (this.#ownsBackbone) this.backbone.model.dispose();
  }
}
