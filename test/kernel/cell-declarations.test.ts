// Declarations carried from cell to cell (tslab's remainingDecls; patch 008 copies the statements
// kept whole and prints only those that lose a name): the next cells see every earlier name with
// its type, a redeclared name with its new type, and type errors against those types stay visible.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { projectRoot } from "../../kernel/kernelspec";
import { KernelClient } from "../../kernel/protocol";
import { ofType, run, testKernelSpec } from "./support/kernel";

describe("declarations carried from cell to cell", function () {
  this.timeout(60_000);
  let k: KernelClient;

  before(async () => {
    k = await KernelClient.start(testKernelSpec(), { cwd: join(projectRoot(), "notebooks") });
  });
  after(async () => { await k?.shutdown(); });

  const result = async (code: string): Promise<unknown> => {
    const r = await run(k, code);
    assert.equal(r.reply.status, "ok", JSON.stringify(ofType(r, "error")[0]?.content));
    return ofType(r, "execute_result")[0]?.content.data;
  };
  const typeError = async (code: string): Promise<string> => {
    const r = await run(k, code);
    assert.equal(r.reply.status, "error", `expected a type error from ${code}`);
    return JSON.stringify(ofType(r, "error")[0]?.content);
  };

  it("keeps whole statements, and the rest of a statement one of whose names is redeclared", async () => {
    await result("/** documented */\nconst a = 1, b = \"x\";\ninterface Shape { w: number }\ntype Id = string;\nclass Box { constructor(readonly s: Shape) {} }\nenum Dir { Up, Down }\nfunction twice(n: number) { return 2 * n; }");
    await result("let a = [1, 2];");
    assert.deepEqual(await result("[a.length, b.toUpperCase(), new Box({ w: 3 }).s.w, Dir.Down, twice(4), ((i: Id) => i)(\"q\")]"),
      { "text/plain": "[ 2, 'X', 3, 1, 8, 'q' ]" });
    assert.match(await typeError("const n: number = b;"), /Type 'string' is not assignable to type 'number'/);
    assert.match(await typeError("const m: number = a;"), /Type 'number\[\]' is not assignable to type 'number'/);
    assert.match(await typeError("const s: Shape = { w: \"wide\" };"), /Type 'string' is not assignable to type 'number'/);
  });

  it("keeps the names of an import that a later cell does not shadow", async () => {
    await result("import { join, dirname } from \"node:path\";");
    await result("const join = 5;");
    assert.deepEqual(await result("[join + 1, dirname(\"/x/y\")]"), { "text/plain": "[ 6, '/x' ]" });
    assert.match(await typeError("const j: string = join;"), /Type 'number' is not assignable to type 'string'/);
  });
});
