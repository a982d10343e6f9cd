import { convertConv2D, convertDepthwiseConv2D, convertZeroPadding2D } from './convolutionConverters.js';
import {
  convertActivation,
  convertAdd,
  convertBatchNormalization,
  convertDense,
  convertReLU,
  convertSoftmax,
} from './elementwiseConverters.js';
import type { LayerParts } from './layerParts.js';
import type { OnnxGraphBuilder, OnnxValue } from './onnxGraphBuilder.js';
import {
  convertAveragePooling2D,
  convertFlatten,
  convertGlobalAveragePooling2D,
} from './poolingConverters.js';

type LayerConverter = (g: OnnxGraphBuilder, parts: LayerParts, inputs: readonly OnnxValue[]) => OnnxValue;

/** Wraps a converter of exactly one input. */
function single(
  convert: (g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue) => OnnxValue,
): LayerConverter {
  return (g, parts, inputs) => {
    const [x] = inputs;
    if (x === undefined || inputs.length !== 1)
      throw parts.unsupported(`${inputs.length} inputs; expected one`);
    return convert(g, parts, x);
  };
}

/**
 * The layer types of Keras' MobileNetV2 (as nsfwjs ships it) and of the classifier heads, by tfjs
 * class name. Anything else is refused by name rather than exported approximately.
 */
export const LAYER_CONVERTERS: ReadonlyMap<string, LayerConverter> = new Map<string, LayerConverter>([
  ['Conv2D', single(convertConv2D)],
  ['DepthwiseConv2D', single(convertDepthwiseConv2D)],
  ['BatchNormalization', single(convertBatchNormalization)],
  ['ReLU', single(convertReLU)],
  ['Activation', single(convertActivation)],
  ['Softmax', single(convertSoftmax)],
  ['Add', convertAdd],
  ['ZeroPadding2D', single(convertZeroPadding2D)],
  ['AveragePooling2D', single(convertAveragePooling2D)],
  ['GlobalAveragePooling2D', single(convertGlobalAveragePooling2D)],
  ['Flatten', single(convertFlatten)],
  ['Dense', single(convertDense)],
  // Dropout is the identity at inference.
  ['Dropout', single((_g, _parts, x) => x)],
]);
