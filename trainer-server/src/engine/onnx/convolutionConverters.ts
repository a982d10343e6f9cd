import { appendActivation } from './activations.js';
import type { LayerParts } from './layerParts.js';
import { floatValues } from './layerParts.js';
import type { OnnxAttribute, OnnxGraphBuilder, OnnxValue } from './onnxGraphBuilder.js';
import { intAttribute, intsAttribute, stringAttribute } from './onnxGraphBuilder.js';

/**
 * Explicit ONNX pads [top, left, bottom, right]. Keras 'same' is TensorFlow's SAME: the odd pixel goes
 * at the end. onnxruntime refuses auto_pad SAME_UPPER with dilation, so the pads are computed here from
 * the input size, which must be known unless the stride is 1.
 */
export function paddingAttributes(
  parts: LayerParts,
  kernel: [number, number],
  dilation: [number, number],
): OnnxAttribute {
  const padding = parts.string('padding');
  if (padding === 'valid') return intsAttribute('pads', [0, 0, 0, 0]);
  if (padding !== 'same') throw parts.unsupported(`padding '${padding}' (supported: valid, same)`);
  const strides = parts.pair('strides');
  const [, height, width] = parts.inputShapes[0] ?? [];
  const totals = [height, width].map((size, axis) => {
    const stride = strides[axis] as number;
    const extent = ((kernel[axis] as number) - 1) * (dilation[axis] as number) + 1;
    if (stride === 1) return extent - 1;
    if (typeof size !== 'number') {
      throw parts.unsupported("'same' padding with a stride above 1 needs a fixed input size");
    }
    return Math.max((Math.ceil(size / stride) - 1) * stride + extent - size, 0);
  }) as [number, number];
  const before = totals.map((t) => Math.floor(t / 2));
  return intsAttribute('pads', [...before, totals[0] - (before[0] ?? 0), totals[1] - (before[1] ?? 0)]);
}

/** Conv2D: kernel [kh, kw, in, out] becomes ONNX's [out, in, kh, kw]. */
export function convertConv2D(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireChannelsLast();
  parts.requireRank(x, 4);
  const kernel = parts.weight('kernel');
  const [kh, kw, inChannels, outChannels] = kernel.shape as [number, number, number, number];
  const weights = g.addFloatInitializer(
    `${parts.name}/kernel`,
    [outChannels, inChannels, kh, kw],
    floatValues(kernel, [3, 2, 0, 1]),
  );
  return appendConv(g, parts, x, weights, outChannels, 1);
}

/**
 * DepthwiseConv2D: kernel [kh, kw, C, m] becomes [C * m, 1, kh, kw] with group = C. Output channel
 * c * m + j is input channel c through multiplier j, the order tfjs uses.
 */
export function convertDepthwiseConv2D(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireChannelsLast();
  parts.requireRank(x, 4);
  const kernel = parts.weight('depthwise_kernel');
  const [kh, kw, channels, multiplier] = kernel.shape as [number, number, number, number];
  const weights = g.addFloatInitializer(
    `${parts.name}/depthwise_kernel`,
    [channels * multiplier, 1, kh, kw],
    floatValues(kernel, [2, 3, 0, 1]),
  );
  return appendConv(g, parts, x, weights, channels * multiplier, channels);
}

function appendConv(
  g: OnnxGraphBuilder,
  parts: LayerParts,
  x: OnnxValue,
  weights: string,
  outChannels: number,
  group: number,
): OnnxValue {
  const inputs = [x.name, weights];
  if (parts.boolean('useBias')) {
    inputs.push(
      g.addFloatInitializer(`${parts.name}/bias`, [outChannels], floatValues(parts.weight('bias'))),
    );
  }
  const kernel = parts.pair('kernelSize');
  const dilation = parts.pair('dilationRate');
  const y = g.addNode('Conv', parts.name, inputs, [
    intsAttribute('kernel_shape', kernel),
    intsAttribute('strides', parts.pair('strides')),
    intsAttribute('dilations', dilation),
    intAttribute('group', group),
    paddingAttributes(parts, kernel, dilation),
  ]);
  return appendActivation(g, parts, { name: y, rank: 4 }, parts.string('activation'));
}

/** ZeroPadding2D [[top, bottom], [left, right]] as Pad on the NCHW value. */
export function convertZeroPadding2D(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireChannelsLast();
  parts.requireRank(x, 4);
  const padding = parts.raw('padding');
  const valid =
    Array.isArray(padding) &&
    padding.length === 2 &&
    padding.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!valid)
    throw parts.unsupported(`padding ${JSON.stringify(padding)} (expected [[top, bottom], [left, right]])`);
  const [[top, bottom], [left, right]] = padding as [[number, number], [number, number]];
  const pads = g.addInt64Initializer(`${parts.name}/pads`, [0, 0, top, left, 0, 0, bottom, right]);
  return {
    name: g.addNode('Pad', parts.name, [x.name, pads], [stringAttribute('mode', 'constant')]),
    rank: 4,
  };
}
