// Where each part lives on the gateway's one origin (viewer/README.md has the whole map).

/** The PACS's DICOMweb root (QIDO-RS, WADO-RS, STOW-RS), proxied. */
export const DICOMWEB_PATH = '/dicom-web';
/** The trainer API: `/api` and everything below it, with the prefix kept (the trainer's routes include it). */
export const TRAINER_PATH = '/api';
/** The declared plugin files (extension and mode ES modules), by file name. */
export const PLUGINS_PATH = '/aift/plugins/';
/** onnxruntime-web's ES module and .wasm files (AiftViewerConfig.ortWasmPaths). */
export const ORT_PATH = '/aift/ort/';

export function isTrainerPath(path: string): boolean {
  return path === TRAINER_PATH || path.startsWith(`${TRAINER_PATH}/`);
}
