// flat(low, high): Stan's bounded parameter without a prior. Its log density is 0 inside the bounds (not
// −log(width) as uniform's, so a bound that depends on another choice adds no factor), −∞ outside; gradient
// methods move it through the bounds' bijector. Checked: values, a bad pair of bounds, and NUTS on
// a ~ uniform(0, 1), b ~ flat(0, 1 − a), factor(log(b) + log(1 − a − b)) — a Dirichlet(1, 2, 2) on
// (a, b, 1 − a − b), means 1/5 and 2/5 (with uniform(0, 1 − a) for b the posterior would differ).
import { test } from "node:test";
import assert from "node:assert/strict";
import { flat } from "../../src/dist/flat.js";
import { compileProgram, runQuery } from "../../src/lang/program.js";

test("flat(low, high): 0 inside, −∞ outside, defaults ±∞, low < high required", () => {
  assert.equal(flat().logpdf(1e300), 0);
  assert.equal(flat(0, 1).logpdf(0.5), 0);
  assert.equal(flat(0, 1).logpdf(1.5), -Infinity);
  assert.equal(flat(2).logpdf(1), -Infinity);
  assert.equal(flat(-Infinity, -1).logpdf(-5), 0);
  assert.throws(() => flat(1, 1), /'high' must be greater than 'low'/);
});

test("NUTS on a bound that depends on another choice: the posterior is Stan's (no 1/width factor)", async () => {
  const src = `model m() {
  a ~ uniform(0, 1)
  b ~ flat(0, 1 - a)
  c ~ flat(2)
  factor(log(b) + log1m(a + b) + logpdf(normal(0, 1), c - 2))
}
query m() using nuts(samples: 1500, warmup: 700, chains: 2, seed: 5)`;
  const p = compileProgram(src, "t.borel");
  assert.deepEqual(p.errors, []);
  const post = await runQuery(p.queries[0], { seed: 5 });
  // sds: a 0.163, b 0.2, c − 2 half-normal 0.60; ~2000 effective draws: 4.5 standard errors ≈ 0.02.
  assert.ok(Math.abs(post.mean("a") - 0.2) < 0.02, `a ${post.mean("a")}`);
  assert.ok(Math.abs(post.mean("b") - 0.4) < 0.025, `b ${post.mean("b")}`);
  assert.ok(Math.abs(post.mean("c") - (2 + Math.sqrt(2 / Math.PI))) < 0.06, `c ${post.mean("c")}`);
});
