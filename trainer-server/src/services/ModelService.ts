// The published versions and their files: the registry folder and the store's model records read together.
// Versions are immutable, so a file's sha256 is its identity; the route decides what HTTP makes of it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkModelVersion, readVerifiedModel } from '../registry/modelIntegrity.js';
import { VerifiedDigests } from '../registry/verifiedDigests.js';
import { MODEL_CARD_FILE } from '../registry/writeModelVersion.js';
import { NotFoundError } from '../store/errors.js';
import type { Actor, LatestPointer, ModelVersion, Store } from '../store/ports.js';

export interface ModelServiceOptions {
  readonly store: Pick<Store, 'models'>;
  /** Root of the model registry (`<registryDir>/versions/<v>/`). */
  readonly registryDir: string;
}

/** A registered version with its integrity check: `problem` names what is wrong, undefined when intact. */
export interface CheckedVersion {
  readonly model: ModelVersion;
  readonly problem: string | undefined;
}

/** A file of a version: its sha256 is known at once, the bytes are read only when asked for. */
export interface VersionFile {
  readonly sha256: string;
  bytes(): Promise<Buffer>;
}

export class ModelService {
  readonly #store: Pick<Store, 'models'>;
  readonly #registryDir: string;
  // The model.onnx files already hashed right, so neither a download nor the listing hashes them again.
  readonly #digests = new VerifiedDigests();

  constructor({ store, registryDir }: ModelServiceOptions) {
    this.#store = store;
    this.#registryDir = registryDir;
  }

  /** Every version, oldest first, each checked against its files; and the version `latest` points at. */
  async list(): Promise<{ readonly latest: string | null; readonly versions: readonly CheckedVersion[] }> {
    const latest = this.#store.models.latest()?.version ?? null;
    const versions: CheckedVersion[] = [];
    // One at a time: a version not yet verified is read and hashed whole (about 10 MB).
    for (const model of this.#store.models.list()) {
      const damage = await checkModelVersion(this.#registryDir, model.version, model.sha256, this.#digests);
      versions.push({ model, problem: damage?.problem });
    }
    return { latest, versions };
  }

  /** The version clients should use and who moved `latest` there; undefined before any is published. */
  latest(): { readonly model: ModelVersion; readonly pointer: LatestPointer } | undefined {
    const pointer = this.#store.models.latest();
    if (pointer === undefined) return undefined;
    const model = this.#store.models.get(pointer.version);
    if (model === undefined) throw new Error(`latest points at ${pointer.version}, which is not registered`);
    return { model, pointer };
  }

  /**
   * The version's model.onnx. Its bytes are read whole and checked against the registered sha256 (hashed
   * unless an earlier read vouches for the file as it is): a corrupt or truncated file throws
   * ModelIntegrityError instead of passing for the published model. NotFoundError for an unknown version.
   */
  modelFile(version: string): VersionFile {
    const { sha256 } = this.#registered(version);
    return { sha256, bytes: () => readVerifiedModel(this.#registryDir, version, sha256, this.#digests) };
  }

  /** The version's model card as written at publish time, and its sha256. NotFoundError for an unknown version. */
  async modelCard(version: string): Promise<{ readonly sha256: string; readonly bytes: Buffer }> {
    // Registered versions only: `version` becomes a path segment.
    const bytes = await readFile(
      join(this.#registryDir, 'versions', this.#registered(version).version, MODEL_CARD_FILE),
    );
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
  }

  /** Moves `latest` back to an earlier version; audited by the store. */
  rollback(version: string, by: Actor, reason?: string): LatestPointer {
    return this.#store.models.rollback(version, by, reason);
  }

  #registered(version: string): ModelVersion {
    const model = this.#store.models.get(version);
    if (model === undefined) throw new NotFoundError('model version', version);
    return model;
  }
}
