// Compiled Borel models can cross threads: MCMC chains of a Borel program run on workers and give the same
// draws as in this thread (each chain's RNG comes from the seed and its index, not from the thread).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram } from "../../src/lang/program.js";
import { mcmcAsync } from "../../src/infer/mcmc.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";

const source = `
model coin(n, heads) {
  p ~ beta(2, 2)
  observe(binomial(n, p), heads)
  return p
}`;

test("a Borel model is portable and its chains on workers equal the chains in this thread", async () => {
  const prog = compileProgram(source, "/virtual/coin.borel");
  assert.deepEqual(prog.errors, []);
  const model = prog.models.coin;
  const ref = model.portable();
  assert.ok(ref && ref.export === "modelFromSource");
  const spec = { kernel: "mh", args: ["p"], options: {} };
  const opts = { samples: 200, warmup: 50, chains: 2, seed: 3 };
  const here = await mcmcAsync(model, [20, 14], ChoiceMap.EMPTY, spec, { ...opts, workers: 1 });
  const there = await mcmcAsync(model, [20, 14], ChoiceMap.EMPTY, spec, { ...opts, workers: 2 });
  assert.equal(there.diagnostics.workers, 2);
  assert.deepEqual(Array.from(there.values("p")), Array.from(here.values("p")));
});

test("programs with host values bound in are not portable", () => {
  const prog = compileProgram(source, "/virtual/coin.borel", { globals: { f: () => 1 } });
  assert.equal(prog.models.coin.portable(), undefined);
});
