import { loadModel } from './modelRuntime.js';
import type { ModelRef, ModelRuntimeOptions, RunnableModel } from './modelRuntime.js';
import { createObservable } from './observable.js';
import { TrainerApiError } from './trainerClient.js';
import type { TrainerClient } from './trainerClient.js';
import type { Observable } from './types.js';

export interface ModelServiceOptions {
  readonly client: TrainerClient;
  readonly runtime: ModelRuntimeOptions;
  readonly onError: (error: unknown) => void;
}

/**
 * Keeps the current model: the latest at start, then each published version, swapped in without a reload.
 * The old session is released once its in-flight runs finish; a slower load of an older version never
 * replaces a newer one.
 */
export class ModelService {
  readonly #model = createObservable<RunnableModel | null>(null);
  readonly model: Observable<RunnableModel | null> = this.#model;
  readonly #o: ModelServiceOptions;
  #requested = 0;
  #disposed = false;

  constructor(options: ModelServiceOptions) {
    this.#o = options;
  }

  /** Loads the latest version; none published yet (404) leaves the model null. */
  async start(): Promise<void> {
    let latest: ModelRef;
    try {
      latest = await this.#o.client.latestModel();
    } catch (error) {
      if (error instanceof TrainerApiError && error.status === 404) return;
      throw error;
    }
    await this.use(latest);
  }

  /** Loads `version` and makes it current, unless a later call asked for another one meanwhile. */
  async use({ version, sha256 }: ModelRef): Promise<void> {
    if (this.#model.get()?.version === version) return;
    const ticket = ++this.#requested;
    let loaded: RunnableModel;
    try {
      loaded = await loadModel(this.#o.client, { version, sha256 }, this.#o.runtime);
    } catch (error) {
      this.#o.onError(error);
      return;
    }
    if (ticket !== this.#requested || this.#disposed) {
      await loaded.release();
      return;
    }
    const old = this.#model.get();
    this.#model.set(loaded);
    await old?.release();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    const current = this.#model.get();
    this.#model.set(null);
    await current?.release();
  }
}
