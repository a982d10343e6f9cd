export type { OnnxBackbone } from './exportOnOnnxBackbone.js';
export { exportClassifierOnOnnxBackbone } from './exportOnOnnxBackbone.js';
export { exportBackboneToOnnx, exportClassifierToOnnx } from './exportOnnx.js';
export type { OnnxIoSpec, OnnxTensorRole, OnnxTensorSpec } from './onnxIoSpec.js';
export {
  CELL_PROBABILITIES_OUTPUT,
  EMBEDDING_OUTPUT,
  IMAGE_INPUT,
  ONNX_OPSET,
  PROBABILITIES_OUTPUT,
  backboneIoSpec,
  classifierIoSpec,
  describeExportedBackbone,
} from './onnxIoSpec.js';
export { UnsupportedLayerError } from './unsupportedLayerError.js';
