// In `using`, registered methods and kernels win over builtins of the same name (laplace the approximation,
// not the distribution; map the estimate, not the higher-order function); names the program binds stay values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram, runQuery } from "../../../src/lang/index.js";

const source = `
model m(y) {
  mu ~ normal(0, 10)
  observe(normal(mu, 1), y)
}
query m(1.5) using map()
query m(1.5) using laplace(samples: 400)
`;

test("using map() and laplace() run the registered methods", async () => {
  const prog = compileProgram(source, "/virtual/q.borel");
  assert.deepEqual(prog.errors, []);
  // Exact posterior: precision 1 + 1/100, mean 1.5/1.01, sd 1/√1.01.
  const mode = await runQuery(prog.queries[0], { seed: 1 });
  assert.equal(mode.method, "map");
  assert.ok(Math.abs(mode.mean("mu") - 1.5 / 1.01) < 1e-5);
  const lap = await runQuery(prog.queries[1], { seed: 1 });
  assert.equal(lap.method, "laplace");
  // 400 draws: MC sd of the mean ≈ 0.05; 4 of those.
  assert.ok(Math.abs(lap.mean("mu") - 1.5 / 1.01) < 0.2);
  assert.ok(Math.abs(lap.sd("mu") - 1 / Math.sqrt(1.01)) < 0.15);
});

test("a query's model arguments may be named, in any order, as in a call", async () => {
  const prog = compileProgram(`
model m(a, ys) {
  mu ~ normal(a, 1)
  for i in 0..len(ys) { y[i] ~ normal(mu, 1) given ys[i] }
}
query m(ys: [1.0, 2.0], a: 0.5) given {mu: 1.0} using importance(particles: 5)
query m(0.5, [1.0, 2.0]) given {mu: 1.0} using importance(particles: 5)`, "/virtual/q.borel");
  assert.deepEqual(prog.errors, []);
  const [a, b] = [await runQuery(prog.queries[0], { seed: 1 }), await runQuery(prog.queries[1], { seed: 1 })];
  assert.ok(Math.abs(a.logZ! - b.logZ!) < 1e-12, `${a.logZ} vs ${b.logZ}`);
  const bad = compileProgram("model m(a, ys) { mu ~ normal(a, 1) }\nquery m(ys: [1.0], b: 0) using importance(particles: 5)", "/virtual/q.borel");
  assert.match(bad.errors.map((e) => e.message).join("\n"), /m has no parameter 'b'/);
});

test("a model that reads param() warns under methods other than vi, which use the initial values (it ran with them silently)", async () => {
  const prog = compileProgram(`model eb(ys) {
  let tau = exp(param("log_tau", 0.0))
  for j in 0..len(ys) {
    mu[j] ~ normal(0, tau)
    y[j] ~ normal(mu[j], 1) given ys[j]
  }
}
query eb([2.1, -1.5, 3.2]) using importance(particles: 100)
query eb([2.1, -1.5, 3.2]) using vi(steps: 200, samples: 50)`, "/virtual/eb.borel");
  assert.deepEqual(prog.errors, []);
  const is = await runQuery(prog.queries[0], { seed: 1 });
  assert.ok((is.diagnostics.warnings as string[]).includes("eb reads learnable parameters ('log_tau') that only vi learns: importance used their initial values"), String(is.diagnostics.warnings));
  const fit = await runQuery(prog.queries[1], { seed: 1 });
  assert.ok(!(fit.diagnostics.warnings as string[]).some((w) => /learnable parameters/.test(w)));
});
