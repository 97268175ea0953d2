/**
 * A graph builder over ONNX's default-domain ops: every op returns the name of its single output,
 * so graph code reads like tensor code (`g.add(g.mm(a, w), b)`). Scalars and int64 shape vectors
 * become shared initializers.
 */
import { FLOAT, INT64, modelProto, nodeProto, tensorProto, valueInfoProto, type Attr } from "./model-proto";
import type { Bytes } from "./protobuf";

export class Graph {
  private readonly nodes: Bytes[] = [];
  private readonly initializers: Bytes[] = [];
  private readonly inputs: Bytes[] = [];
  private readonly outputs: Bytes[] = [];
  private readonly constants = new Map<string, string>();
  private names = 0;
  /** ops added so far (Identity nodes of the outputs included) */
  nodeCount = 0;

  input(name: string, dims: readonly number[]): string {
    this.inputs.push(valueInfoProto(name, dims));
    return name;
  }

  output(name: string, from: string): void {
    this.op("Identity", [from], [], name);
    this.outputs.push(valueInfoProto(name, undefined));
  }

  op(type: string, inputs: readonly string[], attrs: readonly Attr[] = [], out?: string): string {
    const o = out ?? `t${this.names++}`;
    this.nodeCount++;
    this.nodes.push(nodeProto(type, inputs, o, `n${this.nodeCount}`, attrs));
    return o;
  }

  /** A float32 scalar constant (shared between uses). */
  scalar(v: number): string {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    return this.constant(`f${v}`, [], FLOAT, b);
  }

  /** An int64 vector constant, e.g. a shape or a list of axes. */
  ints(vs: readonly number[]): string {
    const b = Buffer.alloc(8 * vs.length);
    vs.forEach((v, i) => b.writeBigInt64LE(BigInt(v), 8 * i));
    return this.constant(`i${vs.join(",")}`, [vs.length], INT64, b);
  }

  model(producer = "mfg-lab"): Uint8Array {
    const { nodes, initializers, inputs, outputs } = this;
    return modelProto({ name: "step", nodes, initializers, inputs, outputs }, producer);
  }

  add = (a: string, b: string): string => this.op("Add", [a, b]);
  sub = (a: string, b: string): string => this.op("Sub", [a, b]);
  mul = (a: string, b: string): string => this.op("Mul", [a, b]);
  div = (a: string, b: string): string => this.op("Div", [a, b]);
  sq = (a: string): string => this.mul(a, a);
  sqrt = (a: string): string => this.op("Sqrt", [a]);
  tanh = (a: string): string => this.op("Tanh", [a]);
  sin = (a: string): string => this.op("Sin", [a]);
  cos = (a: string): string => this.op("Cos", [a]);
  /** batched a @ b (numpy rules) */
  mm = (a: string, b: string): string => this.op("MatMul", [a, b]);
  /** aᵀ b for 2-D a, b (one GEMM, no transpose copy) */
  mmTA = (a: string, b: string): string => this.op("Gemm", [a, b], [{ name: "transA", i: 1 }]);
  reshape = (a: string, shape: readonly number[]): string => this.op("Reshape", [a, this.ints(shape)]);
  transpose = (a: string, perm: readonly number[]): string => this.op("Transpose", [a], [{ name: "perm", ints: perm }]);
  sum = (a: string, axes: readonly number[], keepDims = false): string =>
    this.op("ReduceSum", [a, this.ints(axes)], [{ name: "keepdims", i: keepDims ? 1 : 0 }]);
  concat = (parts: readonly string[], axis: number): string => this.op("Concat", parts, [{ name: "axis", i: axis }]);
  /** elements [start, end) of a 1-D tensor */
  slice1d = (a: string, start: number, end: number): string => this.op("Slice", [a, this.ints([start]), this.ints([end])]);
  /** elements [start, end) of a along one axis */
  slice = (a: string, axis: number, start: number, end: number): string =>
    this.op("Slice", [a, this.ints([start]), this.ints([end]), this.ints([axis])]);

  private constant(key: string, dims: readonly number[], type: number, raw: Buffer): string {
    const have = this.constants.get(key);
    if (have !== undefined) return have;
    const name = `const${this.names++}`;
    this.initializers.push(tensorProto(name, dims, type, raw));
    this.constants.set(key, name);
    return name;
  }
}
