// The sampler warnings of gradient methods computed from per-draw stats: a chain whose warmup drove the step
// size towards 0 (stuck where the log density is extreme: an ARMA(1,1) chain started in the explosive region
// ended warmup at 1.9e-60 while the others had ~0.7) is named; healthy chains give no such warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Posterior } from "../../src/posterior/posterior.js";
import type { ChainDraws } from "../../src/posterior/types.js";
import { attachSamplerDiagnostics } from "../../src/infer/hmc-diagnostics.js";

function chain(stepSize: number, n = 20): ChainDraws {
  const x = Array.from({ length: n }, (_, i) => Math.sin(i));
  return {
    length: n, columns: new Map([["x", x]]), choiceKeys: new Set(["x"]),
    stats: new Map<string, ArrayLike<number>>([
      ["step_size", new Float64Array(n).fill(stepSize)], ["energy", Float64Array.from(x, (v, i) => v + i % 3)],
      ["divergent", new Float64Array(n)], ["tree_depth_hit", new Float64Array(n)], ["accept_stat", new Float64Array(n).fill(0.8)],
    ]),
  };
}

const stepWarnings = (sizes: number[]) => {
  const post = attachSamplerDiagnostics(new Posterior({ method: "mcmc", draws: sizes.map((s) => chain(s)) }), "nuts");
  return ((post.diagnostics.warnings ?? []) as string[]).filter((w) => w.includes("step size"));
};

test("a chain whose step size collapsed in warmup is named; comparable step sizes give no warning", () => {
  assert.deepEqual(stepWarnings([0.7, 0.6, 0.75, 0.5]), []);
  const w = stepWarnings([0.73, 0.7, 1.9e-60, 0.74]);
  assert.equal(w.length, 1);
  assert.match(w[0], /^chain 3: warmup left a step size of 1\.9e-60 \(median over chains 0\.73\): the chain is stuck/);
  // One chain alone: an absolute floor.
  assert.match(stepWarnings([1e-12])[0], /chain 1: warmup left a step size of 1\.0e-12: the chain is stuck/);
  assert.deepEqual(stepWarnings([0.01]), []);
});

test("NUTS on a scale whose prior allows negative values: the rejected trajectories are counted in a warning; a proper prior gives none", async () => {
  const { compileProgram, runQuery } = await import("../../src/lang/index.js");
  const run = async (prior: string) => {
    const p = compileProgram(`model m() {\n  s ~ ${prior}\n  y ~ normal(0, s) given 0.3\n}\nquery m() using nuts(samples: 100, warmup: 100, chains: 1)`, "scale.borel");
    assert.deepEqual(p.errors, []);
    const post = (await runQuery(p.queries[0]!, { seed: 2 })) as Posterior;
    return (post.diagnostics.warnings as string[]).filter((w) => /outside its domain/.test(w));
  };
  const bad = await run("normal(0, 1)");
  assert.equal(bad.length, 1);
  assert.match(bad[0]!, /^\d+ of 100 transitions/);
  assert.deepEqual(await run("half_normal(1)"), []);
});
