// onnxruntime-web's browser files. The ES module build named here has the WebGPU and WASM execution providers
// and its JavaScript glue bundled in (ort.webgpu.bundle.min.mjs); it fetches one .wasm
// (ort-wasm-simd-threaded.asyncify.wasm) from `env.wasm.wasmPaths`, which the extension points at ORT_PATH.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export const ORT_MODULE_FILE = 'ort.webgpu.bundle.min.mjs';

/** The installed onnxruntime-web's dist folder (Node resolves the package's entry inside it). */
export function defaultOrtDir(): string {
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
}
