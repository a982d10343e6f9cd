import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AugmentationPlan, PatchTransform } from '@aift/selection-core';

/** What a cached patch embedding depends on: change any part and the embedding must be recomputed. */
export interface PatchKey {
  /** A stable id of the pixels, e.g. the SOP Instance UID, or a content hash for files. */
  readonly image: string;
  /** The DICOM frame number (1-based) of a multi-frame image; 1 otherwise. */
  readonly frame: number;
  readonly transform: PatchTransform;
  /** The backbone's version: its weights, input size and preprocessing. */
  readonly backbone: string;
}

/**
 * Frozen-backbone embeddings of patches, cached on disk: computing them is the expensive step (milliseconds
 * per patch); training the head on them is cheap. One file per patch, written to a temp file and renamed,
 * so a crash never leaves a half-written embedding behind; a file of the wrong size counts as missing.
 */
export class EmbeddingCache {
  readonly #root: string;
  readonly #dim: number;

  constructor(root: string, dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be an integer >= 1, got ${dim}`);
    this.#root = root;
    this.#dim = dim;
  }

  get(key: PatchKey): Float32Array | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.#path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (bytes.byteLength !== this.#dim * 4) return undefined;
    const copy = new Float32Array(this.#dim);
    new Uint8Array(copy.buffer).set(bytes);
    return copy;
  }

  put(key: PatchKey, embedding: Float32Array): void {
    if (embedding.length !== this.#dim) {
      throw new RangeError(`embedding has ${embedding.length} values, expected ${this.#dim}`);
    }
    const file = this.#path(key);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, new Uint8Array(embedding.buffer, embedding.byteOffset, embedding.byteLength));
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /**
   * The m x dim embeddings of every patch of one image frame under a plan: cached ones are read, the
   * missing ones computed together by `embed` (given the indices of the missing transforms) and stored.
   */
  async getOrCompute(
    image: Omit<PatchKey, 'transform'>,
    plan: AugmentationPlan,
    embed: (missing: readonly number[]) => Promise<Float32Array>,
  ): Promise<Float32Array> {
    const m = plan.transforms.length;
    const out = new Float32Array(m * this.#dim);
    const missing: number[] = [];
    plan.transforms.forEach((transform, j) => {
      const hit = this.get({ ...image, transform });
      if (hit) out.set(hit, j * this.#dim);
      else missing.push(j);
    });
    if (missing.length === 0) return out;
    const computed = await embed(missing);
    if (computed.length !== missing.length * this.#dim) {
      throw new RangeError(
        `embed returned ${computed.length} values, expected ${missing.length} x ${this.#dim}`,
      );
    }
    missing.forEach((j, i) => {
      const embedding = computed.subarray(i * this.#dim, (i + 1) * this.#dim);
      this.put({ ...image, transform: plan.transforms[j]! }, embedding);
      out.set(embedding, j * this.#dim);
    });
    return out;
  }

  #path({ image, frame, transform, backbone }: PatchKey): string {
    // Files were first named by the frame's 0-based index: hashing that keeps every existing cache valid.
    const imageHash = sha256(`${image}\u0000${frame - 1}`);
    const t = transform;
    const transformHash = sha256(`${t.scale}|${t.dx}|${t.dy}|${t.flip}|${t.rot90}`).slice(0, 24);
    return join(
      this.#root,
      sha256(backbone).slice(0, 16),
      imageHash.slice(0, 2),
      imageHash,
      `${transformHash}.f32`,
    );
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
