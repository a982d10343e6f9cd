import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';

import { env, setBackend } from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import type { WasmFeatures } from './backendReport.js';
import { registerWasmGradientKernels } from './wasmGradientKernels.js';

/**
 * Makes wasm the active tfjs backend, able to train convolutions. The .wasm binaries are read from
 * the installed package folder, so nothing is fetched and a bundled server still finds them.
 */
export async function activateWasmBackend(): Promise<WasmFeatures> {
  const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(wasmDir + sep);
  const gradientKernels = registerWasmGradientKernels();
  if (!(await setBackend('wasm'))) {
    throw new Error(`the wasm backend did not initialise (binaries looked up in ${wasmDir})`);
  }
  const [simd, multithread] = await Promise.all([
    env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return {
    simd: simd === true,
    multithread: multithread === true,
    threadsCount: getThreadsCount(),
    wasmDir,
    gradientKernels,
  };
}
