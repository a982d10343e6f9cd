import { appendActivation, appendClip } from './activations.js';
import type { LayerParts } from './layerParts.js';
import { floatValues } from './layerParts.js';
import type { OnnxGraphBuilder, OnnxValue } from './onnxGraphBuilder.js';
import { floatAttribute, intAttribute } from './onnxGraphBuilder.js';

/** BatchNormalization in inference form over the channel axis (ONNX axis 1, Keras' last axis). */
export function convertBatchNormalization(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  const axis = parts.number('axis');
  if (axis !== -1 && axis !== x.rank - 1) throw parts.unsupported(`axis ${axis} (only the channel axis, -1)`);
  const mean = parts.weight('moving_mean');
  const channels = mean.size;
  const param = (role: string, fallback: number): string => {
    const values = parts.hasWeight(role)
      ? floatValues(parts.weight(role))
      : new Float32Array(channels).fill(fallback);
    return g.addFloatInitializer(`${parts.name}/${role}`, [channels], values);
  };
  const inputs = [
    x.name,
    param('gamma', 1),
    param('beta', 0),
    param('moving_mean', 0),
    param('moving_variance', 1),
  ];
  const y = g.addNode('BatchNormalization', parts.name, inputs, [
    floatAttribute('epsilon', parts.number('epsilon')),
  ]);
  return { name: y, rank: x.rank };
}

/** tfjs' ReLU layer: plain Relu, or Clip(0, maxValue) when capped (ReLU6). */
export function convertReLU(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  const max = parts.optionalNumber('maxValue');
  if (max === undefined) return { name: g.addNode('Relu', parts.name, [x.name]), rank: x.rank };
  return appendClip(g, parts.name, x, max);
}

export function convertActivation(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  return appendActivation(g, parts, x, parts.string('activation'));
}

export function convertSoftmax(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireRank(x, 2);
  const axis = parts.raw('axis') ?? -1;
  if (axis !== -1 && axis !== 1) throw parts.unsupported(`axis ${JSON.stringify(axis)} (only the last axis)`);
  return { name: g.addNode('Softmax', parts.name, [x.name], [intAttribute('axis', -1)]), rank: 2 };
}

/** Dense on [N, in]: Gemm with the Keras kernel [in, out] as B, or MatMul when there is no bias. */
export function convertDense(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireRank(x, 2);
  const kernel = parts.weight('kernel');
  const [inUnits, units] = kernel.shape as [number, number];
  const weights = g.addFloatInitializer(`${parts.name}/kernel`, [inUnits, units], floatValues(kernel));
  const y = parts.boolean('useBias')
    ? g.addNode('Gemm', parts.name, [
        x.name,
        weights,
        g.addFloatInitializer(`${parts.name}/bias`, [units], floatValues(parts.weight('bias'))),
      ])
    : g.addNode('MatMul', parts.name, [x.name, weights]);
  return appendActivation(g, parts, { name: y, rank: 2 }, parts.string('activation'));
}

/** Add of two or more values of the same rank, as a chain of binary Adds. */
export function convertAdd(g: OnnxGraphBuilder, parts: LayerParts, inputs: readonly OnnxValue[]): OnnxValue {
  const [first, ...rest] = inputs;
  if (first === undefined || rest.length === 0)
    throw parts.unsupported(`${inputs.length} input(s); Add needs two or more`);
  let sum = first;
  for (const term of rest) {
    parts.requireRank(term, first.rank);
    sum = { name: g.addNode('Add', parts.name, [sum.name, term.name]), rank: first.rank };
  }
  return sum;
}
