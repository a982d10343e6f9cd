import * as tf from '@tensorflow/tfjs';
import { BaseModelError } from './baseModelError.js';

/**
 * The sub-model from `model`'s input to the output of `layerName`. It takes over `model`'s layers:
 * those after the embedding are disposed (or all of them, when this throws), so `model` must not be
 * used afterwards. The embedding must be one flat vector per image: [batch, size].
 */
export function cutAtEmbedding(model: tf.LayersModel, layerName: string, file: string): tf.LayersModel {
  const fail = (reason: string): BaseModelError => {
    model.dispose();
    return new BaseModelError(`${file}: ${reason}`, file);
  };
  const layer = model.layers.find((l) => l.name === layerName);
  if (layer === undefined) throw fail(`the model has no layer named '${layerName}'`);
  const output = layer.output;
  if (Array.isArray(output)) throw fail(`layer '${layerName}' has several outputs; an embedding needs one`);
  if (output.shape.length !== 2) {
    throw fail(
      `layer '${layerName}' outputs shape [${output.shape.join(', ')}]; an embedding must be [batch, size]`,
    );
  }
  const backbone = tf.model({ inputs: model.inputs, outputs: output, name: `${model.name}_to_${layerName}` });
  // The layers past the embedding (the original head) would otherwise keep their weights alive.
  for (const dropped of model.layers.filter((l) => !backbone.layers.includes(l))) dropped.dispose();
  return backbone;
}
