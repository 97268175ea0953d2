import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend, requestedBackend } from "../../src/backend";

describe("backend", () => {
  it("defaults to wasm and honours LAB_BACKEND", () => {
    assert.equal(requestedBackend({}), "wasm");
    assert.equal(requestedBackend({ LAB_BACKEND: "CPU" }), "cpu");
    assert.throws(() => requestedBackend({ LAB_BACKEND: "gpu" }), /LAB_BACKEND=gpu/);
  });
  it("initialises the wasm backend in Node", async () => {
    assert.equal(await initBackend("wasm"), "wasm");
    assert.equal(tf.getBackend(), "wasm");
  });
});
