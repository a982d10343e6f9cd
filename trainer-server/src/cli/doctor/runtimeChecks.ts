// Checks of what is installed on this machine: Node, Orthanc, the training backend, the backbone, onnxruntime.
import { existsSync } from 'node:fs';
import { formatBackendReport } from '../../engine/backend/backendReport.js';
import { selectBackend } from '../../engine/backend/selectBackend.js';
import { loadNsfwjsMobileNetV2 } from '../../engine/baseModel/index.js';
import { ORTHANC_FILES } from '../start/localOrthanc.js';
import { fail, ok, reasonOf, warn } from './check.js';
import type { CheckResult } from './check.js';

/** The root package.json's engines.node. */
const MIN_NODE: readonly [number, number] = [20, 19];

export function checkNode(version: string = process.versions.node): CheckResult {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor, wantMinor] = MIN_NODE;
  const enough = major > wantMajor || (major === wantMajor && minor >= wantMinor);
  return enough
    ? ok('node', `v${version}`)
    : fail(
        'node',
        `v${version} is older than ${wantMajor}.${wantMinor}`,
        `install Node ${wantMajor}.${wantMinor} or newer`,
      );
}

/** Only `npm start`'s local PACS needs Orthanc, so it is missing is a FAIL only when no other PACS is named. */
export function checkOrthanc(otherPacs: boolean): CheckResult {
  const missing = ORTHANC_FILES.filter((path) => !existsSync(path));
  if (missing.length === 0)
    return ok('orthanc', 'orthanc and orthanc-dicomweb installed (local PACS of npm start)');
  const detail = `not installed (${missing.join(', ')} missing)`;
  const fix = 'as root: apt-get install -y --no-install-recommends orthanc orthanc-dicomweb';
  return otherPacs
    ? warn(
        'orthanc',
        `${detail}; not needed with an external PACS`,
        `${fix} (only for the local PACS of npm start)`,
      )
    : fail('orthanc', `${detail}; npm start needs it`, `${fix}, or run npm start -- --pacs URL`);
}

/** The backend selection the server makes, then the default backbone on it. */
export async function checkBackendAndBackbone(): Promise<CheckResult[]> {
  let backend: CheckResult;
  try {
    const report = await selectBackend();
    const detail = formatBackendReport(report)
      .replace(/^training backend: /, '')
      .split('\n')
      .join('; ');
    backend = report.gpu
      ? ok('training backend', detail)
      : warn(
          'training backend',
          detail,
          'training runs without a GPU (slower); for a GPU install @tensorflow/tfjs-node-gpu with CUDA',
        );
  } catch (error) {
    return [
      fail('training backend', reasonOf(error), 'reinstall the dependencies: npm ci'),
      fail('backbone', 'not loaded: no training backend runs', 'fix the training backend first'),
    ];
  }
  try {
    const started = performance.now();
    const base = await loadNsfwjsMobileNetV2();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { embeddingSize, inputHeight, inputWidth } = base.description;
    base.model.dispose();
    return [
      backend,
      ok(
        'backbone',
        `nsfwjs MobileNetV2 loaded offline in ${seconds} s (${inputWidth}x${inputHeight} input, embedding ${embeddingSize})`,
      ),
    ];
  } catch (error) {
    return [
      backend,
      fail('backbone', reasonOf(error), 'reinstall nsfwjs (npm ci): its model files are missing or damaged'),
    ];
  }
}

export async function checkOnnxRuntime(): Promise<CheckResult> {
  try {
    const ort = await import('onnxruntime-node');
    const version = ort.env.versions.node ?? ort.env.versions.common ?? 'unknown version';
    return ok('onnxruntime-node', `loads (${version})`);
  } catch (error) {
    return fail(
      'onnxruntime-node',
      reasonOf(error),
      'reinstall it (npm ci); its native binary must match this platform and Node version',
    );
  }
}
