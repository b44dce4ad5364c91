// `y ~ normal(mu, 1)` where y is also a model parameter or a program value samples a new choice that hides
// the value (the Stan habit for data): a query warns, naming the statement and the fixes, unless the statement
// observes (`given`) or the query's `given` constrains the name. The semantics stay as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram, runQuery } from "../../../src/lang/index.js";

const source = `
let z = 2.0
model byParam(y) {
  mu ~ normal(0, 1)
  y ~ normal(mu, 1)
  return mu
}
model byArray(ys) {
  mu ~ normal(0, 1)
  for i in 0..len(ys) { ys[i] ~ normal(mu, 1) }
  return mu
}
model byProgram() {
  mu ~ normal(0, 1)
  z ~ normal(mu, 1)
  return mu
}
model observed(ys) {
  mu ~ normal(0, 1)
  for i in 0..len(ys) { ys[i] ~ normal(mu, 1) given ys[i] }
  return mu
}
model predicts(ys) {
  mu ~ normal(0, 1)
  for i in 0..len(ys) { ys[i] ~ normal(mu, 1) given ys[i] }
  ys[len(ys)] ~ normal(mu, 1)
  return mu
}
model fresh(n) {
  mu ~ normal(0, 1)
  for i in 0..n { y[i] ~ normal(mu, 1) }
  return mu
}
query byParam(1.0) using importance(particles: 50)
query byArray([1, 2]) using importance(particles: 50)
query byProgram() using importance(particles: 50)
query byArray([1, 2]) given {ys: [1, 2]} using importance(particles: 50)
query observed([1, 2]) using importance(particles: 50)
query fresh(2) using importance(particles: 50)
query predicts([1, 2]) using importance(particles: 50)
`;

test("a sample statement hiding a parameter or program value warns unless something observes it", async () => {
  const prog = compileProgram(source, "/virtual/hidden.borel");
  assert.deepEqual(prog.errors, []);
  const warnings = await Promise.all(prog.queries.map(async (q) => ((await runQuery(q, { seed: 1 })).diagnostics.warnings ?? []) as string[]));
  const hidden = warnings.map((ws) => ws.filter((w) => w.includes("not observed")));
  assert.match(hidden[0][0], /'y ~ …' \(line 5:3\) samples a new random choice 'y' that hides the parameter 'y' of byParam/);
  assert.match(hidden[0][0], /write 'y ~ … given y'/);
  assert.match(hidden[1][0], /'ys\[i\] ~ …' \(line 10:25\) samples new random choices 'ys\/…' that hide the parameter 'ys' of byArray/);
  assert.match(hidden[1][0], /query byArray\(…\) given \{ys: …\}/);
  assert.match(hidden[2][0], /hides the program's value 'z'/);
  // predicts: the data are observed, and the element past them is a prediction — no warning.
  assert.deepEqual(hidden.slice(3), [[], [], [], []]);
  assert.deepEqual(hidden.map((h) => h.length), [1, 1, 1, 0, 0, 0, 0]);
});
