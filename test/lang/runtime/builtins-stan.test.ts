// Stan-named builtins (src/lang/runtime/builtins-stan.ts): values against direct formulas, stability where
// the naive formula fails, elementwise behaviour on vectors, gradients through AD, and the shape helpers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram, callFunction } from "../../../src/lang/program.js";

const run = (body: string): unknown => {
  const p = compileProgram(`fn f() { return ${body} }`, "t.borel");
  assert.deepEqual(p.errors, []);
  return callFunction(p, "f", []);
};
const near = (a: unknown, b: number, tol = 1e-12) => assert.ok(typeof a === "number" && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test("log-space helpers: values, and stability where the naive formula under- or overflows", () => {
  near(run("log1m(0.25)"), Math.log(0.75));
  near(run("log1m(1e-20)"), -1e-20);
  near(run("inv_logit(0.3)"), 1 / (1 + Math.exp(-0.3)));
  near(run("log_inv_logit(-800)"), -800);
  near(run("log1m_inv_logit(800)"), -800);
  near(run("log_inv_logit(2)"), Math.log(1 / (1 + Math.exp(-2))));
  near(run("log1p_exp(800)"), 800);
  near(run("log1m_exp(-1e-10)"), Math.log(1e-10), 1e-9);
  near(run("log1m_exp(-2)"), Math.log(1 - Math.exp(-2)));
  near(run("log_mix(0.3, -1, -2)"), Math.log(0.3 * Math.exp(-1) + 0.7 * Math.exp(-2)));
  near(run("log_mix(0.5, -1000, -1001)"), Math.log(0.5) - 1000 + Math.log1p(Math.exp(-1)));
  near(run("log_sum_exp(-1000, -1001)"), -1000 + Math.log1p(Math.exp(-1)));
});

test("elementwise on vectors: log_mix, log_sum_exp of several vectors, log1m", () => {
  const v = run("log_mix(0.25, vector([-1, -3]), vector([-2, 0]))") as Float64Array;
  near(v[0], Math.log(0.25 * Math.exp(-1) + 0.75 * Math.exp(-2)));
  near(v[1], Math.log(0.25 * Math.exp(-3) + 0.75));
  const w = run("log_sum_exp(vector([0, 1]), vector([0, -1]), 2)") as Float64Array;
  near(w[0], Math.log(2 + Math.exp(2)));
  near(w[1], Math.log(Math.exp(1) + Math.exp(-1) + Math.exp(2)));
  const u = run("log1m([0.5, 0.75])") as Float64Array;
  near(u[0], Math.log(0.5)); near(u[1], Math.log(0.25));
  assert.throws(() => run("log_mix(1.5, -1, -2)"), /theta must be in \[0, 1\]/);
});

test("aliases and shape helpers", () => {
  near(run("dot_product([1, 2, 3], [4, 5, 6])"), 32);
  near(run("dot_self(vector([3, 4]))"), 25);
  assert.deepEqual(Array.from(run("cumulative_sum([1, 2, 3])") as Float64Array), [1, 3, 6]);
  assert.deepEqual(Array.from(run("rep_vector(2.5, 3)") as Float64Array), [2.5, 2.5, 2.5]);
  assert.deepEqual(Array.from(run("to_vector([1, 2])") as Float64Array), [1, 2]);
  assert.deepEqual(Array.from(run("to_vector(matrix([[1, 2], [3, 4]]))") as Float64Array), [1, 3, 2, 4]);
  assert.equal(run("rows([[1, 2, 3], [4, 5, 6]])"), 2);
  assert.equal(run("cols([[1, 2, 3], [4, 5, 6]])"), 3);
  assert.equal(run("rows(vector([1, 2]))"), 2);
  assert.equal(run("cols(vector([1, 2]))"), 1);
  assert.throws(() => run("rows(3)"), /rows needs a matrix or a vector/);
  assert.throws(() => run("rep_vector(1, 2.5)"), /non-negative integer/);
});

test("gradients flow: NUTS on a model written with the Stan names recovers a known posterior", async () => {
  // y_i ~ bernoulli(inv_logit(a)) written as factors of log_inv_logit / log1m_inv_logit, a flat prior on a:
  // p = inv_logit(a) then has density ∝ p^k (1 − p)^(n−k) / (p (1 − p)), Beta(k, n − k), and a = logit(p)
  // has mean digamma(k) − digamma(n − k) (k = 6 of n = 8: 1.2833; posterior sd ≈ 0.91).
  const src = `model m(y) {
  a ~ flat()
  for i in 0..len(y) { factor(y[i] * log_inv_logit(a) + (1 - y[i]) * log1m_inv_logit(a)) }
}
query m([1, 1, 1, 0, 1, 0, 1, 1]) using nuts(samples: 1000, warmup: 500, chains: 2, seed: 3)`;
  const p = compileProgram(src, "t.borel");
  assert.deepEqual(p.errors, []);
  const { runQuery } = await import("../../../src/lang/program.js");
  const post = await runQuery(p.queries[0], { seed: 3 });
  const digamma = (x: number) => { let r = 0; while (x < 8) { r -= 1 / x; x++; } return r + Math.log(x) - 1 / (2 * x) - 1 / (12 * x * x) + 1 / (120 * x ** 4); };
  const exact = digamma(6) - digamma(2);
  assert.ok(Math.abs(post.mean("a") - exact) < 0.1, `mean ${post.mean("a")} vs ${exact}`);
});
