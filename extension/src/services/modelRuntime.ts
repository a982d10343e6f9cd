// One published model version ready to run in onnxruntime-web: its card and an inference session.
import * as ort from 'onnxruntime-web';
import type { TrainerClient } from './trainerClient.js';
import { cachedBytes } from './modelCache.js';
import { parseModelCard } from './modelCard.js';
import type { BrowserModelCard, CardTensor, LoadedModel } from './types.js';

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface ModelRuntimeOptions {
  /** Where onnxruntime-web finds its .wasm/.mjs; left as the library's default when undefined. */
  readonly wasmPaths?: string | undefined;
  /** Tried in order; a provider that fails to create the session is skipped. */
  readonly executionProviders: readonly ExecutionProvider[];
}

/** The class probabilities of each cell of the backbone's last feature map, for every patch run. */
export interface CellProbabilities {
  readonly rows: number;
  readonly columns: number;
  /** m x rows x columns x classes, row-major. */
  readonly data: Float32Array;
}

/** What one run gives: the patches' probabilities and, where the model has that output, its cell map. */
export interface ModelOutputs {
  /** m x classes. */
  readonly probabilities: Float32Array;
  /** Null for a model published without a `cellProbabilities` output. */
  readonly cells: CellProbabilities | null;
}

/** A LoadedModel that can run; `release()` frees the session once its in-flight runs are done. */
export interface RunnableModel extends LoadedModel {
  /** `patches`: m x S x S x 3 NHWC in [0, 1]. */
  run(patches: Float32Array, m: number): Promise<ModelOutputs>;
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
  const names = tensorNames(card); // before a session exists that a bad card would leave unreleased
  const bytes = await cachedBytes(key(client.modelUrl(version)), () => client.modelBytes(version));
  const { threads, proxy } = await configureWasm(options.wasmPaths, options.executionProviders);
  const { session, provider } = await createSession(bytes, options.executionProviders);
  return runnable(session, card, names, { provider, threads, proxy: proxy && provider === 'wasm' });
}

/**
 * Cards written before tensors had roles named them by role; what a tensor is for is read from its role,
 * else from that name.
 */
const roleOf = (tensor: CardTensor): string | undefined =>
  tensor.role ?? ({ image: 'image', probabilities: 'probabilities' } as Record<string, string>)[tensor.name];

/** The graph's tensor names for each role the viewer uses, as the card states them. */
export function tensorNames(card: Pick<BrowserModelCard, 'version' | 'onnx'>): {
  image: string;
  probabilities: string;
  cellProbabilities: string | null;
} {
  const find = (tensors: readonly CardTensor[], role: string) =>
    tensors.find((t) => roleOf(t) === role)?.name;
  const image = find(card.onnx.inputs, 'image');
  const probabilities = find(card.onnx.outputs, 'probabilities');
  if (image === undefined) throw new Error(`the model card of ${card.version} names no 'image' input`);
  if (probabilities === undefined) {
    throw new Error(`the model card of ${card.version} names no 'probabilities' output`);
  }
  return { image, probabilities, cellProbabilities: find(card.onnx.outputs, 'cellProbabilities') ?? null };
}

/**
 * Threads only help (and only work) where SharedArrayBuffer is allowed: a cross-origin isolated page.
 * Where the session can only run on WASM, it runs in onnxruntime-web's proxy worker, so an inference never
 * blocks the page's main thread (scrolling, windowing, the panel). WebGPU sessions cannot be proxied, and
 * onnxruntime reads the setting once, at its first session: it is set from what this browser offers.
 */
async function configureWasm(
  wasmPaths: string | undefined,
  providers: readonly ExecutionProvider[],
): Promise<{ threads: number; proxy: boolean }> {
  const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  const threads = isolated ? Math.min(4, cores) : 1;
  const wasmOnly = !providers.includes('webgpu') || !(await webGpuAdapter());
  // Node (the tests) has no Worker global: there the session runs in place.
  const proxy = wasmOnly && typeof Worker !== 'undefined';
  if (wasmPaths !== undefined) ort.env.wasm.wasmPaths = wasmPaths;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = proxy;
  return { threads, proxy };
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

/** Whether WebGPU has an adapter here (a browser without a usable GPU has `navigator.gpu` but none). */
let adapter: Promise<boolean> | undefined;
function webGpuAdapter(): Promise<boolean> {
  adapter ??= hasWebGpu()
    ? navigator.gpu
        .requestAdapter()
        .then((a) => a !== null)
        .catch(() => false)
    : Promise.resolve(false);
  return adapter;
}

function runnable(
  session: ort.InferenceSession,
  card: BrowserModelCard,
  names: ReturnType<typeof tensorNames>,
  backend: LoadedModel['backend'],
): RunnableModel {
  const size = card.preprocessing.inputSize;
  // An onnxruntime-web session runs one inference at a time ("Session already started"): runs queue here.
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let releasing: Promise<void> | undefined;
  let idle: (() => void) | undefined;
  const infer = async (patches: Float32Array, m: number): Promise<ModelOutputs> => {
    const out = await session.run({ [names.image]: new ort.Tensor('float32', patches, [m, size, size, 3]) });
    const probabilities = out[names.probabilities];
    if (probabilities === undefined) {
      throw new Error(`model ${card.version} has no '${names.probabilities}' output`);
    }
    const cells = names.cellProbabilities === null ? undefined : out[names.cellProbabilities];
    const [, rows, columns] = cells?.dims ?? [];
    return {
      probabilities: Float32Array.from(probabilities.data as Float32Array),
      cells:
        cells === undefined || rows === undefined || columns === undefined
          ? null
          : { rows, columns, data: Float32Array.from(cells.data as Float32Array) },
    };
  };
  return {
    version: card.version,
    card,
    backend,
    cellMap: names.cellProbabilities !== null,
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
