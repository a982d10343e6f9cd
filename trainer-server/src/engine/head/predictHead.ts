import * as tf from '@tensorflow/tfjs';

/** Rows per forward pass: bounds the memory of scoring a large pool. */
const CHUNK = 4096;

/** Class probabilities (count x classes, row-major) for row-major embeddings (count x inputSize). */
export function predictHead(head: tf.LayersModel, embeddings: Float32Array, inputSize: number): Float32Array {
  const count = embeddings.length / inputSize;
  if (!Number.isInteger(count)) {
    throw new RangeError(`embeddings hold ${embeddings.length} values, not a multiple of ${inputSize}`);
  }
  const classes = head.outputs[0]?.shape[1];
  if (typeof classes !== 'number') throw new TypeError('head must output [batch, classes]');
  const out = new Float32Array(count * classes);
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Math.min(CHUNK, count - start);
    const probabilities = tf.tidy(() => {
      const x = tf.tensor2d(embeddings.subarray(start * inputSize, (start + rows) * inputSize), [
        rows,
        inputSize,
      ]);
      // apply, not predict: predict batches by slicing, and the wasm backend's slice copies the whole
      // input out for every batch.
      return head.apply(x, { training: false }) as tf.Tensor;
    });
    out.set(probabilities.dataSync(), start * classes);
    probabilities.dispose();
  }
  return out;
}
