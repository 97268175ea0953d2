/**
 * Protocol-buffer wire format, by hand: just what an ONNX ModelProto needs (varints,
 * length-delimited fields, 32-bit floats). No dependency and no schema compiler; the field
 * numbers live with the messages that use them (model-proto.ts).
 */
export type Bytes = number[];

export function concat(...parts: readonly Bytes[]): Bytes {
  const out: Bytes = [];
  for (const p of parts) for (const b of p) out.push(b);
  return out;
}

/** Base-128 varint; negative int64 values take ten bytes (two's complement), as protobuf says. */
export function varint(v: number | bigint): Bytes {
  let x = BigInt(v);
  if (x < 0n) x += 1n << 64n;
  const out: Bytes = [];
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n) b |= 0x80;
    out.push(b);
  } while (x !== 0n);
  return out;
}

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const key = (field: number, wireType: number): Bytes => varint(field * 8 + wireType);

export const intField = (field: number, v: number): Bytes => concat(key(field, VARINT), varint(v));
export const bytesField = (field: number, b: Bytes): Bytes => concat(key(field, LENGTH_DELIMITED), varint(b.length), b);
export const stringField = (field: number, s: string): Bytes => bytesField(field, [...Buffer.from(s, "utf8")]);

export function floatField(field: number, v: number): Bytes {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return concat(key(field, FIXED32), [...b]);
}
