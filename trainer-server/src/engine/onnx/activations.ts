import type { LayerParts } from './layerParts.js';
import type { OnnxGraphBuilder, OnnxValue } from './onnxGraphBuilder.js';
import { intAttribute } from './onnxGraphBuilder.js';

/** Appends the Keras activation `activation` (as tfjs serialises it) after `value`. */
export function appendActivation(
  g: OnnxGraphBuilder,
  parts: LayerParts,
  value: OnnxValue,
  activation: string,
): OnnxValue {
  switch (activation) {
    case 'linear':
      return value;
    case 'relu':
      return { name: g.addNode('Relu', parts.name, [value.name]), rank: value.rank };
    case 'relu6':
      return appendClip(g, parts.name, value, 6);
    case 'softmax':
      // Keras' softmax runs over the last axis; with rank-4 values held NCHW that axis would be wrong.
      parts.requireRank(value, 2);
      return { name: g.addNode('Softmax', parts.name, [value.name], [intAttribute('axis', -1)]), rank: 2 };
    default:
      throw parts.unsupported(`activation '${activation}' (supported: linear, relu, relu6, softmax)`);
  }
}

/** ReLU capped at `max`: Clip(0, max), which is what MobileNetV2's ReLU6 is. */
export function appendClip(g: OnnxGraphBuilder, base: string, value: OnnxValue, max: number): OnnxValue {
  const low = g.addScalarFloatInitializer(`${base}/clip_min`, 0);
  const high = g.addScalarFloatInitializer(`${base}/clip_max`, max);
  return { name: g.addNode('Clip', base, [value.name, low, high]), rank: value.rank };
}
