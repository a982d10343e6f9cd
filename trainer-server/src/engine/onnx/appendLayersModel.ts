import type * as tf from '@tensorflow/tfjs';
import { LAYER_CONVERTERS } from './layerConverters.js';
import { LayerParts } from './layerParts.js';
import type { OnnxGraphBuilder, OnnxValue } from './onnxGraphBuilder.js';
import { UnsupportedLayerError } from './unsupportedLayerError.js';

/**
 * Appends the layers of `model` to the graph, with `inputs[i]` standing for `model.inputs[i]`, and
 * returns the values of `model.outputs`, then those of `inner` (tensors inside the model, e.g. the
 * feature map a backbone pools). Layers are visited in `model.layers` order, which tfjs keeps
 * topological. A layer may have been called in other graphs too (a head applied to a backbone), so the
 * call used is the one whose inputs all belong to this model.
 */
export function appendLayersModel(
  g: OnnxGraphBuilder,
  model: tf.LayersModel,
  inputs: readonly OnnxValue[],
  inner: readonly tf.SymbolicTensor[] = [],
): OnnxValue[] {
  const values = new Map<number, OnnxValue>();
  model.inputs.forEach((tensor, i) => {
    const value = inputs[i];
    if (value === undefined)
      throw new RangeError(`model '${model.name}' has ${model.inputs.length} inputs, given ${inputs.length}`);
    values.set(tensor.id, value);
  });
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    const convert = LAYER_CONVERTERS.get(className);
    if (convert === undefined) {
      const supported = [...LAYER_CONVERTERS.keys()].join(', ');
      throw new UnsupportedLayerError(
        layer.name,
        className,
        `layer type not supported (supported: ${supported})`,
      );
    }
    const calls = layer.inboundNodes.filter((node) => node.inputTensors.every((t) => values.has(t.id)));
    const [call] = calls;
    if (call === undefined || calls.length > 1) {
      const reason = `found ${calls.length} calls of this layer inside model '${model.name}'; expected one`;
      throw new UnsupportedLayerError(layer.name, className, reason);
    }
    const parts = new LayerParts(
      layer,
      call.inputTensors.map((t) => t.shape),
    );
    const [output] = call.outputTensors;
    if (output === undefined || call.outputTensors.length !== 1) throw parts.unsupported('several outputs');
    const inputValues = call.inputTensors.map((t) => values.get(t.id) as OnnxValue);
    values.set(output.id, convert(g, parts, inputValues));
  }
  return [...model.outputs, ...inner].map((tensor) => {
    const value = values.get(tensor.id);
    if (value === undefined)
      throw new RangeError(`model '${model.name}': output '${tensor.name}' was never computed`);
    return value;
  });
}
