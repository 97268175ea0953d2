import { strict as assert } from "node:assert";
import { bytesField, floatField, intField, stringField, varint } from "../../src/engine/onnx/protobuf";

/* The protobuf wire format against the examples of the protobuf encoding guide. */
describe("engine/onnx: protobuf wire format", () => {
  it("varints: 1, 150, 300, 2^35 and negative int64 (ten bytes, two's complement)", () => {
    assert.deepEqual(varint(1), [0x01]);
    assert.deepEqual(varint(150), [0x96, 0x01]);
    assert.deepEqual(varint(300), [0xac, 0x02]);
    assert.deepEqual(varint(2 ** 35), [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    assert.deepEqual(varint(-1), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it("fields: key = field·8 + wire type, then the payload", () => {
    assert.deepEqual(intField(1, 150), [0x08, 0x96, 0x01]);
    assert.deepEqual(stringField(2, "testing"), [0x12, 0x07, ...Buffer.from("testing")]);
    assert.deepEqual(bytesField(3, [0x08, 0x96, 0x01]), [0x1a, 0x03, 0x08, 0x96, 0x01]);
    assert.deepEqual(floatField(2, 1), [0x15, 0x00, 0x00, 0x80, 0x3f]);
  });
});
