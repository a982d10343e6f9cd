export type {
  BaseModel,
  BaseModelDescription,
  CustomBaseModelFacts,
  InputPreprocessing,
  OnnxBaseModel,
  TfjsBaseModel,
} from './baseModelDescription.js';
export { BaseModelError } from './baseModelError.js';
export type { OnnxBaseModelOptions } from './loadOnnxBaseModel.js';
export { loadOnnxBaseModel } from './loadOnnxBaseModel.js';
export type { TfjsBaseModelOptions } from './loadTfjsBaseModel.js';
export { loadTfjsBaseModel } from './loadTfjsBaseModel.js';
export {
  NSFWJS_MOBILENET_V2_EMBEDDING_LAYER,
  NSFWJS_MOBILENET_V2_PREPROCESSING,
  loadNsfwjsMobileNetV2,
} from './nsfwjsMobileNetV2.js';
