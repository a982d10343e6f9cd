import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type OnnxAttribute = InstanceType<typeof onnx.AttributeProto>;
type OnnxNode = InstanceType<typeof onnx.NodeProto>;
type OnnxTensor = InstanceType<typeof onnx.TensorProto>;

/**
 * A value flowing through the graph. Rank-4 values are always held NCHW inside the graph (ONNX's
 * convolution layout), whatever the Keras layout was; `rank` lets converters check what they receive.
 */
export interface OnnxValue {
  readonly name: string;
  readonly rank: number;
}

/** Collects nodes and initializers with names that are unique across the whole graph. */
export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly taken = new Set<string>();

  /** Reserves `base`, or `base_2`, `base_3`... when it is taken, so merged models never collide. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  addFloatInitializer(base: string, dims: readonly number[], data: Float32Array): string {
    const name = this.uniqueName(base);
    // A copy, so that the bytes cannot change when the tensor that produced them is reused.
    const bytes = new Uint8Array(data.byteLength);
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [...dims],
        dataType: onnx.TensorProto.DataType.FLOAT,
        rawData: bytes,
      }),
    );
    return name;
  }

  addInt64Initializer(base: string, values: readonly number[]): string {
    const name = this.uniqueName(base);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [values.length],
        dataType: onnx.TensorProto.DataType.INT64,
        int64Data: [...values],
      }),
    );
    return name;
  }

  addScalarFloatInitializer(base: string, value: number): string {
    const name = this.uniqueName(base);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [],
        dataType: onnx.TensorProto.DataType.FLOAT,
        floatData: [value],
      }),
    );
    return name;
  }

  /** Adds one node and returns the name of its single output. */
  addNode(
    opType: string,
    base: string,
    inputs: readonly string[],
    attributes: readonly OnnxAttribute[] = [],
    outputName?: string,
  ): string {
    const output = outputName ?? this.uniqueName(base);
    if (outputName !== undefined) this.taken.add(outputName);
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: this.uniqueName(`${base}/${opType}`),
        input: [...inputs],
        output: [output],
        attribute: [...attributes],
      }),
    );
    return output;
  }
}

export function intsAttribute(name: string, ints: readonly number[]): OnnxAttribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...ints] });
}

export function intAttribute(name: string, i: number): OnnxAttribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });
}

export function floatAttribute(name: string, f: number): OnnxAttribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f });
}

export function stringAttribute(name: string, s: string): OnnxAttribute {
  return onnx.AttributeProto.create({
    name,
    type: onnx.AttributeProto.AttributeType.STRING,
    s: new TextEncoder().encode(s),
  });
}
