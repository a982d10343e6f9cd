import { paddingAttributes } from './convolutionConverters.js';
import type { LayerParts } from './layerParts.js';
import type { OnnxGraphBuilder, OnnxValue } from './onnxGraphBuilder.js';
import { intAttribute, intsAttribute } from './onnxGraphBuilder.js';

/** AveragePooling2D; ONNX's default count_include_pad = 0 matches Keras, which ignores padded cells. */
export function convertAveragePooling2D(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireChannelsLast();
  parts.requireRank(x, 4);
  const pool = parts.pair('poolSize');
  const y = g.addNode(
    'AveragePool',
    parts.name,
    [x.name],
    [
      intsAttribute('kernel_shape', pool),
      intsAttribute('strides', parts.pair('strides')),
      paddingAttributes(parts, pool, [1, 1]),
    ],
  );
  return { name: y, rank: 4 };
}

/** GlobalAveragePooling2D gives [N, C]: GlobalAveragePool ([N, C, 1, 1]) then Flatten. */
export function convertGlobalAveragePooling2D(
  g: OnnxGraphBuilder,
  parts: LayerParts,
  x: OnnxValue,
): OnnxValue {
  parts.requireChannelsLast();
  parts.requireRank(x, 4);
  if (parts.raw('keepDims') === true) throw parts.unsupported('keepDims = true');
  const pooled = g.addNode('GlobalAveragePool', parts.name, [x.name]);
  return { name: g.addNode('Flatten', parts.name, [pooled], [intAttribute('axis', 1)]), rank: 2 };
}

/**
 * Flatten of a rank-4 value must read it in Keras' NHWC order, so the NCHW value is transposed back
 * first; without that, any map larger than 1 x 1 would come out with its features shuffled.
 */
export function convertFlatten(g: OnnxGraphBuilder, parts: LayerParts, x: OnnxValue): OnnxValue {
  parts.requireChannelsLast();
  const source =
    x.rank === 4
      ? g.addNode('Transpose', parts.name, [x.name], [intsAttribute('perm', [0, 2, 3, 1])])
      : x.name;
  return { name: g.addNode('Flatten', parts.name, [source], [intAttribute('axis', 1)]), rank: 2 };
}
