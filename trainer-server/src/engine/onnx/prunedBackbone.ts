import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type ValueInfo = InstanceType<typeof onnx.ValueInfoProto>;

/** Every name of a deployment's graph gets this prefix, so none can collide with the head's or ours. */
export const BACKBONE_PREFIX = 'backbone/';

/**
 * A decoded graph. protobufjs decodes every nested message into its class, with repeated fields as
 * arrays, while its typings only promise the optional interfaces: this states what decode gives.
 */
export interface DecodedGraph {
  readonly name: string;
  readonly node: InstanceType<typeof onnx.NodeProto>[];
  readonly initializer: InstanceType<typeof onnx.TensorProto>[];
  readonly sparseInitializer: unknown[];
  readonly input: ValueInfo[];
  readonly output: ValueInfo[];
  readonly valueInfo: ValueInfo[];
  readonly quantizationAnnotation: InstanceType<typeof onnx.TensorAnnotation>[];
}

/** The nodes, initializers and annotations the embedding depends on, every name prefixed. */
export interface PrunedBackbone {
  readonly nodes: InstanceType<typeof onnx.NodeProto>[];
  readonly initializers: InstanceType<typeof onnx.TensorProto>[];
  readonly valueInfo: ValueInfo[];
  readonly quantizationAnnotation: InstanceType<typeof onnx.TensorAnnotation>[];
}

export function pruneTo(graph: DecodedGraph, output: string): PrunedBackbone {
  const needed = new Set([output]);
  const nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  for (const node of [...graph.node].reverse()) {
    if (!node.output.some((o) => needed.has(o))) continue;
    for (const name of node.input) needed.add(name);
    nodes.unshift(
      onnx.NodeProto.create({
        ...node,
        name: prefixed(node.name),
        input: node.input.map(prefixed),
        output: node.output.map(prefixed),
      }),
    );
  }
  return {
    nodes,
    initializers: graph.initializer
      .filter((t) => needed.has(t.name))
      .map((t) => onnx.TensorProto.create({ ...t, name: prefixed(t.name) })),
    valueInfo: graph.valueInfo
      .filter((v) => needed.has(v.name))
      .map((v) => onnx.ValueInfoProto.create({ ...v, name: prefixed(v.name) })),
    quantizationAnnotation: graph.quantizationAnnotation
      .filter((a) => needed.has(a.tensorName))
      .map((a) => onnx.TensorAnnotation.create({ ...a, tensorName: prefixed(a.tensorName) })),
  };
}

/** An empty name (an omitted optional input, an unnamed node) stays empty. */
function prefixed(name: string): string {
  return name === '' ? '' : BACKBONE_PREFIX + name;
}
