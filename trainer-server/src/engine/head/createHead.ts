import * as tf from '@tensorflow/tfjs';

export interface HeadOptions {
  /** Length of the backbone's embedding (1280 for MobileNetV2). */
  readonly inputSize: number;
  readonly classes: number;
  /** Units of one hidden ReLU layer; 0 gives a linear softmax classifier. */
  readonly hiddenUnits: number;
  /** Seeds the initial weights, so a run can be reproduced exactly. */
  readonly seed: number;
}

export const DEFAULT_HEAD: Omit<HeadOptions, 'inputSize' | 'classes' | 'seed'> = { hiddenUnits: 0 };

/** The trainable classifier on top of the frozen backbone: embedding in, class probabilities out. */
export function createHead(options: HeadOptions): tf.Sequential {
  const { inputSize, classes, hiddenUnits, seed } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1)
    throw new RangeError(`inputSize must be >= 1, got ${inputSize}`);
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes must be >= 2, got ${classes}`);
  if (!Number.isInteger(hiddenUnits) || hiddenUnits < 0) {
    throw new RangeError(`hiddenUnits must be an integer >= 0, got ${hiddenUnits}`);
  }
  const head = tf.sequential({ name: 'head' });
  if (hiddenUnits > 0) {
    head.add(
      tf.layers.dense({
        name: 'head_hidden',
        inputShape: [inputSize],
        units: hiddenUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed }),
      }),
    );
  }
  head.add(
    tf.layers.dense({
      name: 'head_logits',
      ...(hiddenUnits > 0 ? {} : { inputShape: [inputSize] }),
      units: classes,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  head.add(tf.layers.softmax({ name: 'head_probabilities' }));
  return head;
}

/** A new head with the same architecture and a copy of the weights of `from`. */
export function copyHead(options: HeadOptions, from: tf.LayersModel): tf.Sequential {
  const copy = createHead(options);
  copy.setWeights(from.getWeights());
  return copy;
}
