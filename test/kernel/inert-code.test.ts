// Which cell outputs run without vm's SIGINT watchdog (kernel/server/inert-code.ts): only those
// that provably call no code; anything that may block keeps it, so interrupts still stop it.
// The outputs are tslab's CommonJS as the converter emits it.
import { strict as assert } from "node:assert";
import { runsNoUserCode } from "../../kernel/server/inert-code";

const MARKER = 'Object.defineProperty(exports, "__esModule", { value: true });\n';

describe("cells that run no user code (no SIGINT watchdog)", () => {
  it("declarations of literals, and assignments to the cell's names and exports", () => {
    for (const js of [
      `${MARKER}exports.w1 = void 0;\nconst w1 = 1;\nexports.w1 = w1;\n`,
      `${MARKER}exports.o = exports.q = void 0;\nlet q = exports.w1;\nexports.q = q;\nexports.q = q = 3;\nconst o = { a: 1, b: [2, "x"] };\nexports.o = o;\n`,
      "const x = -1, y = 2 * 3 + 1, z = true && null, s = `plain`;",
      "const f = () => { for (;;); }; exports.f = f;", // defined, not run
      "function g() { for (;;); }\nexports.g = g;",
      "const x = { get y() { for (;;); }, m() {} };",
    ]) assert.equal(runsNoUserCode(js), true, js);
  });

  it("anything that may call code keeps the watchdog", () => {
    for (const js of [
      `${MARKER}exports.tsLastExpr = void 0;\nexports.tsLastExpr = exports.w1 + 1;\n`, // valueOf of an object
      "exports.tsLastExpr = await Promise.resolve(1);",
      "for (;;);", "while (true) {}", "g();", "new Foo();",
      "const x = `a${exports.y}`;", // toString
      "const x = { [exports.k]: 1 };", "const x = [...exports.a];", "const { a } = exports.o;",
      "const x = exports.a.b;", // a getter
      "globalThis.x = 1;", "const x = process;", // globals may be accessors
      "class A {}", 'const fs = require("fs");',
      'Object.defineProperty(exports, "y", { get() { for (;;); } });',
      "const x = ;", // unparsable: not judged
    ]) assert.equal(runsNoUserCode(js), false, js);
  });
});
