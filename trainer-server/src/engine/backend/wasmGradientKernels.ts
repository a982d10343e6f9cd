import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';

import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter.js';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput.js';
import { depthwiseConv2dBackpropFilterConfig } from './depthwiseConv2dBackpropFilter.js';
import { depthwiseConv2dBackpropInputConfig } from './depthwiseConv2dBackpropInput.js';

/**
 * Kernels that the gradients of Conv2D, DepthwiseConv2dNative and their fused forms need and that
 * tfjs-backend-wasm 4.22.0 lacks. The gradient functions themselves are backend-independent and
 * already registered by tfjs-core; they only need these kernels to exist on wasm.
 */
const MISSING_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
];

/** Kernels wasm has but runs several times slower than these (each file says by how much). */
const FASTER_KERNELS: readonly KernelConfig[] = [conv2dBackpropInputConfig];

export const WASM_GRADIENT_KERNELS: readonly KernelConfig[] = [...MISSING_KERNELS, ...FASTER_KERNELS];

export interface WasmGradientKernelsReport {
  /** Kernel names registered by this call where wasm had none. */
  added: string[];
  /** Kernel names whose wasm version this call replaced with a faster one. */
  replaced: string[];
  /** Kernel names left as they were: ours from an earlier call, or wasm's own for a missing kernel. */
  alreadyRegistered: string[];
}

/**
 * Registers the wasm training kernels in tfjs's global kernel registry. Safe to call any number of
 * times and before or after the wasm backend is initialised. A missing kernel that is already
 * registered is kept, so a future tfjs-backend-wasm that ships its own is preferred.
 */
export function registerWasmGradientKernels(): WasmGradientKernelsReport {
  const report: WasmGradientKernelsReport = { added: [], replaced: [], alreadyRegistered: [] };
  for (const config of WASM_GRADIENT_KERNELS) {
    const current = getKernel(config.kernelName, config.backendName);
    if (current === undefined) {
      registerKernel(config);
      report.added.push(config.kernelName);
    } else if (FASTER_KERNELS.includes(config) && current.kernelFunc !== config.kernelFunc) {
      // Unregistering first keeps tfjs from warning about a duplicate registration.
      unregisterKernel(config.kernelName, config.backendName);
      registerKernel(config);
      report.replaced.push(config.kernelName);
    } else {
      report.alreadyRegistered.push(config.kernelName);
    }
  }
  return report;
}
