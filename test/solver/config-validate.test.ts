import { strict as assert } from "node:assert";
import {
  all, finite, finiteNonNegative, finitePositive, inRange, intAtLeast, integer, nonNegative, nonNegativeInt, oneOf, optional,
  positiveInt, positiveIntList,
} from "../../src/config";

describe("config: validation primitives", () => {
  it("pass good values through unchanged", () => {
    assert.equal(positiveInt("cfg", "n", 3), 3);
    assert.equal(nonNegativeInt("cfg", "n", 0), 0);
    assert.equal(integer("cfg", "seed", -7), -7);
    assert.equal(intAtLeast(2)("cfg", "paths", 2), 2);
    assert.equal(finite("cfg", "c", -1.5), -1.5);
    assert.equal(finitePositive("cfg", "lr", 1e-3), 1e-3);
    assert.equal(finiteNonNegative("cfg", "w", 0), 0);
    assert.equal(nonNegative("cfg", "beta", Infinity), Infinity);
    assert.equal(inRange(0, 1, "(]")("cfg", "cfl", 1), 1);
    assert.equal(oneOf(["a", "b"])("cfg", "mode", "b"), "b");
    assert.deepEqual(positiveIntList("cfg", "hidden", [4, 8]), [4, 8]);
    assert.equal(optional(positiveInt)("cfg", "n", undefined), undefined);
  });

  it("name the config, the field and the value in every error", () => {
    assert.throws(() => positiveInt("trainJsdGan", "dBatch", 0), /^Error: trainJsdGan: dBatch must be a positive integer, got 0$/);
    assert.throws(() => positiveInt("c", "n", 2.5), /n must be a positive integer, got 2.5/);
    assert.throws(() => positiveInt("c", "n", "3"), /n must be a positive integer, got "3"/);
    assert.throws(() => nonNegativeInt("c", "dWarmup", -1), /c: dWarmup must be a non-negative integer, got -1/);
    assert.throws(() => integer("c", "seed", 0.5), /c: seed must be an integer, got 0.5/);
    assert.throws(() => intAtLeast(2)("sim", "paths", 1), /sim: paths must be an integer >= 2, got 1/);
    assert.throws(() => finite("c", "x", NaN), /c: x must be finite, got NaN/);
    assert.throws(() => finitePositive("c", "lr", 0), /c: lr must be finite and > 0, got 0/);
    assert.throws(() => finitePositive("c", "lr", Infinity), /lr must be finite and > 0, got Infinity/);
    assert.throws(() => finiteNonNegative("c", "w", -0.1), /c: w must be finite and >= 0, got -0.1/);
    assert.throws(() => nonNegative("c", "beta", -1), /c: beta must be >= 0, got -1/);
    assert.throws(() => nonNegative("c", "beta", NaN), /beta must be >= 0, got NaN/);
    assert.throws(() => inRange(0, 1, "(]")("flow", "cfl", 0), /flow: cfl must be in \(0, 1\], got 0/);
    assert.throws(() => inRange(0, 1, "[)")("c", "hold", 1), /hold must be in \[0, 1\), got 1/);
    assert.throws(() => oneOf(["penalty", "hard"])("ode", "boundary", "soft"), /ode: boundary must be "penalty" or "hard", got "soft"/);
    assert.throws(() => oneOf(["a", "b", "c"])("x", "k", 1), /k must be "a", "b" or "c", got 1/);
    assert.throws(() => positiveIntList("gen", "hidden", []), /gen: hidden must be a non-empty list of positive integers, got \[\]/);
    assert.throws(() => positiveIntList("gen", "hidden", [3, 0]), /got \[3, 0\]/);
    assert.throws(() => optional(positiveInt)("c", "n", 0), /n must be a positive integer/);
  });

  it("all() checks every field and names the first bad one", () => {
    all("cfg", { a: 1, b: 2 }, positiveInt);
    assert.throws(() => all("cfg", { a: 1, b: 0, c: -1 }, positiveInt), /cfg: b must be a positive integer, got 0/);
    assert.throws(() => all("cfg", { a: undefined }, positiveInt), /a must be a positive integer, got undefined/);
    all("cfg", { a: undefined }, optional(positiveInt));
  });
});
