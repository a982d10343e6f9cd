import { findBackendFactory, getBackend, ready, setBackend, version } from '@tensorflow/tfjs';

import { TRAINING_BACKENDS } from './backendReport.js';
import type { BackendAttempt, BackendReport, TrainingBackendName, WasmFeatures } from './backendReport.js';
import { activateWasmBackend } from './wasmBackend.js';

export interface SelectBackendOptions {
  /** Use this backend or fail, instead of taking the first one that works. */
  force?: TrainingBackendName;
}

export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';

  constructor(
    readonly backend: TrainingBackendName,
    readonly reason: string,
  ) {
    super(`training backend '${backend}' was requested but is unavailable: ${reason}`);
  }
}

/**
 * Chooses and activates the training backend on the one `@tensorflow/tfjs` instance that every
 * engine module imports: tfjs-node-gpu, then tfjs-node, then wasm with the gradient kernels it
 * lacks, then the pure-JS CPU backend; or only `options.force`. Call once at start-up: the active
 * backend is process-wide tfjs state.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  const { force } = options;
  if (force !== undefined && !TRAINING_BACKENDS.includes(force)) {
    throw new TypeError(
      `unknown training backend '${String(force)}'; expected one of ${TRAINING_BACKENDS.join(', ')}`,
    );
  }
  const tried: BackendAttempt[] = [];
  for (const name of force === undefined ? TRAINING_BACKENDS : [force]) {
    let wasm: WasmFeatures | null;
    try {
      wasm = await activate(name);
    } catch (error) {
      const reason = describe(error);
      if (force !== undefined) throw new BackendUnavailableError(name, reason);
      tried.push({ name, error: reason });
      continue;
    }
    return {
      name,
      tfBackend: getBackend(),
      tfjsVersion: version.tfjs,
      forced: force !== undefined,
      gpu: name === 'tfjs-node-gpu',
      tried,
      wasm,
    };
  }
  throw new Error(`no training backend could start: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`);
}

async function activate(name: TrainingBackendName): Promise<WasmFeatures | null> {
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node':
      await activateTensorflowBinding(`@tensorflow/${name}`);
      return null;
    case 'wasm':
      return activateWasmBackend();
    case 'cpu':
      if (!(await setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
      await ready();
      return null;
  }
}

/** tfjs-node(-gpu) registers its 'tensorflow' backend on the @tensorflow/tfjs it resolves when imported. */
async function activateTensorflowBinding(packageName: string): Promise<void> {
  // A variable specifier: these optional packages are usually absent, so nothing may resolve them statically.
  const specifier: string = packageName;
  await import(specifier);
  if (findBackendFactory('tensorflow') === null) {
    throw new Error(
      `${packageName} loaded but registered no 'tensorflow' backend on this @tensorflow/tfjs ` +
        `(${version.tfjs}); it probably resolved another copy of @tensorflow/tfjs`,
    );
  }
  if (!(await setBackend('tensorflow'))) throw new Error(`${packageName}: libtensorflow did not initialise`);
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
