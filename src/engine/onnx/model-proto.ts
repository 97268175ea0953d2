/**
 * ONNX messages (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto)
 * encoded with protobuf.ts. Field numbers are those of onnx/onnx.proto; only float32 and int64
 * tensors are needed here.
 */
import { bytesField, concat, floatField, intField, stringField, type Bytes } from "./protobuf";

export const FLOAT = 1;
export const INT64 = 7;

/** A node attribute: an int, a float or a list of ints (AttributeProto.type 2, 1, 7). */
export type Attr = { readonly name: string; readonly i?: number; readonly f?: number; readonly ints?: readonly number[] };

export function attributeProto(a: Attr): Bytes {
  if (a.i !== undefined) return concat(stringField(1, a.name), intField(3, a.i), intField(20, 2));
  if (a.f !== undefined) return concat(stringField(1, a.name), floatField(2, a.f), intField(20, 1));
  return concat(stringField(1, a.name), ...(a.ints ?? []).map((v) => intField(8, v)), intField(20, 7));
}

export function nodeProto(type: string, inputs: readonly string[], output: string, name: string, attrs: readonly Attr[]): Bytes {
  return concat(
    ...inputs.map((i) => stringField(1, i)),
    stringField(2, output),
    stringField(3, name),
    stringField(4, type),
    ...attrs.map((a) => bytesField(5, attributeProto(a))),
  );
}

/** An initializer holding raw little-endian data. */
export function tensorProto(name: string, dims: readonly number[], type: number, raw: Buffer): Bytes {
  return concat(...dims.map((d) => intField(1, d)), intField(2, type), stringField(8, name), bytesField(9, [...raw]));
}

/** A float32 graph input or output; `dims` undefined leaves the shape to the runtime's inference. */
export function valueInfoProto(name: string, dims: readonly number[] | undefined): Bytes {
  const shape = dims === undefined ? [] : bytesField(2, concat(...dims.map((d) => bytesField(1, intField(1, d)))));
  return concat(stringField(1, name), bytesField(2, bytesField(1, concat(intField(1, FLOAT), shape))));
}

export interface GraphParts {
  readonly name: string;
  readonly nodes: readonly Bytes[];
  readonly initializers: readonly Bytes[];
  readonly inputs: readonly Bytes[];
  readonly outputs: readonly Bytes[];
}

/** IR version 8 with the default-domain opset (17: every op used here has its current form there). */
export function modelProto(g: GraphParts, producer: string, opset = 17): Uint8Array {
  const graph = concat(
    ...g.nodes.map((n) => bytesField(1, n)),
    stringField(2, g.name),
    ...g.initializers.map((t) => bytesField(5, t)),
    ...g.inputs.map((v) => bytesField(11, v)),
    ...g.outputs.map((v) => bytesField(12, v)),
  );
  const opsetId = concat(stringField(1, ""), intField(2, opset));
  return Uint8Array.from(concat(intField(1, 8), stringField(2, producer), bytesField(7, graph), bytesField(8, opsetId)));
}
