// @aift/viewer: serves the prebuilt OHIF viewer with the AIFT plugins, onnxruntime-web, the PACS's
// DICOMweb and the trainer API from one cross-origin-isolated origin.
export { buildAppConfig, DATA_SOURCE_NAME } from './appConfig.js';
export type { AppConfigOptions } from './appConfig.js';
export { CROSS_ORIGIN_ISOLATION_HEADERS } from './crossOriginIsolation.js';
export type { DicomWebTarget } from './dicomWebProxy.js';
export { createViewerGateway, startViewerGateway } from './gateway.js';
export type { ListenOptions, RunningViewerGateway, ViewerGatewayOptions } from './gateway.js';
export { injectImportMap } from './indexHtml.js';
export type { ImportMap } from './indexHtml.js';
export {
  DEFAULT_OHIF_CACHE_DIR,
  ensureOhifDist,
  OHIF_APP_INTEGRITY,
  OHIF_APP_PACKAGE,
  OHIF_APP_VERSION,
} from './ohifDist.js';
export { ensurePackedDist, PackageIntegrityError } from './packedDist.js';
export type { EnsureDistOptions, PinnedPackage } from './packedDist.js';
export { defaultOrtDir, ORT_MODULE_FILE } from './ortDist.js';
export { DICOMWEB_PATH, ORT_PATH, PLUGINS_PATH, TRAINER_PATH } from './paths.js';
export type { TrainerTarget } from './trainerRoute.js';
