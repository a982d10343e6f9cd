// `npm run doctor`: checks the set-up (Node, Orthanc, configuration, PACS, data folder, published models,
// backend, backbone, onnxruntime, the viewer and its plugins) and prints one line per check, OK / WARN / FAIL, with a fix for
// each that is not OK.
// Exit code 0 when nothing FAILs, 1 otherwise (2 for a bad command line). Never prints a secret.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './start/startOptions.js';
import { formatCheck } from './doctor/check.js';
import type { CheckResult } from './doctor/check.js';
import { DOCTOR_USAGE, parseDoctorOptions } from './doctor/doctorOptions.js';
import {
  checkBackendAndBackbone,
  checkNode,
  checkOnnxRuntime,
  checkOrthanc,
} from './doctor/runtimeChecks.js';
import { checkModels } from './doctor/modelChecks.js';
import { checkConfig, checkDataDir, checkPacs, STORE_FILE } from './doctor/setupChecks.js';
import { checkViewer } from './doctor/viewerChecks.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(DOCTOR_USAGE);
    return 0;
  }
  const options = parseDoctorOptions(argv, join(REPOSITORY, '.data'));
  const report = (result: CheckResult): CheckResult => {
    console.log(formatCheck(result));
    return result;
  };
  const results: CheckResult[] = [];
  const run = (result: CheckResult): void => void results.push(report(result));

  run(checkNode());
  const {
    result: configResult,
    config,
    configured,
  } = checkConfig(process.env, (path) => readFileSync(path, 'utf8'), {
    trainerDir: join(resolve(options.dataDir), 'trainer'),
    pacs: options.pacs,
  });
  // A configured or named PACS replaces npm start's local Orthanc.
  const pacs = options.pacs ?? (configured ? config?.dicomweb.url : undefined);
  run(checkOrthanc(pacs !== undefined));
  run(configResult);
  run(await checkPacs(pacs, config?.dicomweb.auth));
  const trainerDir = config?.dataDir ?? join(resolve(options.dataDir), 'trainer');
  for (const result of checkDataDir(resolve(trainerDir))) run(result);
  const models = await checkModels(resolve(trainerDir), join(resolve(trainerDir), STORE_FILE));
  if (models) run(models);
  for (const result of await checkBackendAndBackbone()) run(result);
  run(await checkOnnxRuntime());
  for (const result of checkViewer()) run(result);

  const failed = results.filter((r) => r.status === 'FAIL').length;
  const warned = results.filter((r) => r.status === 'WARN').length;
  console.log(
    failed === 0
      ? `doctor: ready (${results.length} checks, ${warned} warnings)`
      : `doctor: ${failed} check(s) failed: fix them and run npm run doctor again`,
  );
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof UsageError ? `[doctor] ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
