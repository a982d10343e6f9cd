import type { WasmGradientKernelsReport } from './wasmGradientKernels.js';

/** The training backends in the order they are preferred. */
export const TRAINING_BACKENDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type TrainingBackendName = (typeof TRAINING_BACKENDS)[number];

export interface BackendAttempt {
  name: TrainingBackendName;
  /** Why it could not be used, as its loader reported it. */
  error: string;
}

export interface WasmFeatures {
  simd: boolean;
  /** Whether the threaded build runs; false in Node, where tfjs-backend-wasm uses one thread. */
  multithread: boolean;
  threadsCount: number;
  /** Folder the .wasm binaries are loaded from. */
  wasmDir: string;
  gradientKernels: WasmGradientKernelsReport;
}

export interface BackendReport {
  name: TrainingBackendName;
  /** tfjs's own name for the active backend (tfjs-node and tfjs-node-gpu both register 'tensorflow'). */
  tfBackend: string;
  tfjsVersion: string;
  forced: boolean;
  /**
   * True when the CUDA build of libtensorflow runs. libtensorflow places ops on a visible GPU by
   * itself; tfjs exposes no device list to confirm it.
   */
  gpu: boolean;
  /** Backends tried before the one that runs, each with the reason it was skipped. */
  tried: BackendAttempt[];
  /** Present when the wasm backend runs. */
  wasm: WasmFeatures | null;
}

/** Human-readable lines for the server log and the `doctor` command. */
export function formatBackendReport(report: BackendReport): string {
  const lines = [
    `training backend: ${report.name} (tfjs ${report.tfjsVersion}, backend '${report.tfBackend}'` +
      `${report.forced ? ', forced' : ''})`,
    `gpu: ${report.gpu ? 'yes (CUDA build of libtensorflow)' : 'no'}`,
  ];
  if (report.wasm !== null) {
    const { simd, multithread, threadsCount, gradientKernels } = report.wasm;
    lines.push(`wasm: simd ${onOff(simd)}, threads ${onOff(multithread)} (${threadsCount})`);
    const { added, replaced, alreadyRegistered } = gradientKernels;
    lines.push(`wasm gradient kernels: ${[...added, ...replaced, ...alreadyRegistered].join(', ')}`);
  }
  for (const attempt of report.tried) lines.push(`skipped ${attempt.name}: ${attempt.error}`);
  return lines.join('\n');
}

function onOff(flag: boolean): string {
  return flag ? 'on' : 'off';
}
