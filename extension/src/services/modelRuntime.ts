// One published model version ready to run in onnxruntime-web: its card and an inference session.
import * as ort from 'onnxruntime-web';
import type { TrainerClient } from './trainerClient.js';
import { cachedBytes } from './modelCache.js';
import { parseModelCard } from './modelCard.js';
import type { BrowserModelCard, LoadedModel } from './types.js';

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface ModelRuntimeOptions {
  /** Where onnxruntime-web finds its .wasm/.mjs; left as the library's default when undefined. */
  readonly wasmPaths?: string | undefined;
  /** Tried in order; a provider that fails to create the session is skipped. */
  readonly executionProviders: readonly ExecutionProvider[];
}

/** A LoadedModel that can run; `release()` frees the session once its in-flight runs are done. */
export interface RunnableModel extends LoadedModel {
  /** `patches`: m x S x S x 3 NHWC in [0, 1]; returns m x classes probabilities. */
  run(patches: Float32Array, m: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** A published version and the sha256 of its ONNX file (GET /api/models/latest, `model.published`). */
export interface ModelRef {
  readonly version: string;
  readonly sha256: string;
}

/**
 * Loads the card and ONNX bytes of a version and creates its session. Cached under the version's URLs and
 * its sha256: a deployment that starts over from an empty data folder publishes another v0001, which must
 * not be served from the old one's cache.
 */
export async function loadModel(
  client: Pick<TrainerClient, 'modelCard' | 'modelBytes' | 'modelCardUrl' | 'modelUrl'>,
  { version, sha256 }: ModelRef,
  options: ModelRuntimeOptions,
): Promise<RunnableModel> {
  const key = (url: string) => `${url}?sha256=${encodeURIComponent(sha256)}`;
  const cardBytes = await cachedBytes(key(client.modelCardUrl(version)), async () =>
    new TextEncoder().encode(JSON.stringify(await client.modelCard(version))),
  );
  const card = parseModelCard(JSON.parse(new TextDecoder().decode(cardBytes)), version);
  const bytes = await cachedBytes(key(client.modelUrl(version)), () => client.modelBytes(version));
  const threads = configureWasm(options.wasmPaths);
  const { session, provider } = await createSession(bytes, options.executionProviders);
  return runnable(session, card, { provider, threads });
}

/** Threads only help (and only work) where SharedArrayBuffer is allowed: a cross-origin isolated page. */
function configureWasm(wasmPaths: string | undefined): number {
  const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  const threads = isolated ? Math.min(4, cores) : 1;
  if (wasmPaths !== undefined) ort.env.wasm.wasmPaths = wasmPaths;
  ort.env.wasm.numThreads = threads;
  return threads;
}

async function createSession(
  bytes: Uint8Array,
  providers: readonly ExecutionProvider[],
): Promise<{ session: ort.InferenceSession; provider: ExecutionProvider }> {
  const usable = providers.filter((p) => p !== 'webgpu' || hasWebGpu());
  let lastError: unknown = new Error('no execution provider is configured');
  for (const provider of usable) {
    try {
      return {
        session: await ort.InferenceSession.create(bytes, { executionProviders: [provider] }),
        provider,
      };
    } catch (error) {
      lastError = error; // e.g. WebGPU present but no adapter: fall back to the next provider
    }
  }
  throw lastError;
}

function hasWebGpu(): boolean {
  return typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu !== undefined;
}

function runnable(
  session: ort.InferenceSession,
  card: BrowserModelCard,
  backend: LoadedModel['backend'],
): RunnableModel {
  const size = card.preprocessing.inputSize;
  // An onnxruntime-web session runs one inference at a time ("Session already started"): runs queue here.
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let releasing: Promise<void> | undefined;
  let idle: (() => void) | undefined;
  const infer = async (patches: Float32Array, m: number): Promise<Float32Array> => {
    const out = await session.run({ image: new ort.Tensor('float32', patches, [m, size, size, 3]) });
    const probabilities = out['probabilities'];
    if (probabilities === undefined) throw new Error(`model ${card.version} has no 'probabilities' output`);
    return Float32Array.from(probabilities.data as Float32Array);
  };
  return {
    version: card.version,
    card,
    backend,
    async run(patches, m) {
      if (releasing) throw new Error(`model ${card.version} was released`);
      if (patches.length !== m * size * size * 3) {
        throw new RangeError(`expected ${m} x ${size} x ${size} x 3 values, got ${patches.length}`);
      }
      inFlight++;
      const result = queue.then(() => infer(patches, m));
      queue = result.catch(() => undefined);
      try {
        return await result;
      } finally {
        if (--inFlight === 0) idle?.();
      }
    },
    release() {
      releasing ??= (async () => {
        if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
        await session.release();
      })();
      return releasing;
    },
  };
}
