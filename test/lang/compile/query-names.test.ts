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
