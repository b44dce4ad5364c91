// Regressions found by an acceptance audit of the Monte Carlo and gradient-based inference methods, each probed
// on a model with an exact answer or with a bad input that must give a clear error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { vi } from "../../src/infer/vi/vi.js";
import { compileProgram, runQuery } from "../../src/lang/index.js";

const m = gen((t) => { const mu = t.sample("mu", normal(0, 1)); t.observe("y", normal(mu, 1), 0.5); }, "m");

test("vi: a guide that is not a generative function is an option error (it was 'guide.simulate is not a function')", async () => {
  assert.throws(() => vi(m, [], {}, { guide: 3 as never, steps: 5 }), (e: Error & { code?: string }) => e.code === "bad-option" && /vi: 'guide' must be a generative function/.test(e.message));
  for (const [g, why] of [["3", /got 3/], ['"g"', /got "g"/], ["[1]", /got an array/]] as const) {
    const prog = compileProgram(`model lr(ys) { a ~ normal(0, 3)\n for i in 0..len(ys) { y[i] ~ normal(a, 1) given ys[i] } }\nquery lr([1, 2]) using vi(guide: ${g}, steps: 10)\n`, "g.borel");
    assert.deepEqual(prog.errors, []);
    await assert.rejects(async () => runQuery(prog.queries[0], { seed: 1 }), (e: Error & { code?: string }) =>
      e.code === "bad-option" && /vi: option 'guide' must be a model \(a generative function\)/.test(e.message) && why.test(e.message));
  }
});
