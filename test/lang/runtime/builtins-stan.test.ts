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

test("gp_exp_quad_cov and add_diag: entries by the formula; as a model's covariance, the same density and gradient as one written entry by entry", async () => {
  const K = run("add_diag(gp_exp_quad_cov([0, 1, 3], 2, 1.5), 0.1)") as { rows: number; cols: number; data: Float64Array };
  const x = [0, 1, 3];
  assert.equal(K.rows, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) near(K.data[i * 3 + j], 4 * Math.exp(-((x[i] - x[j]) ** 2) / (2 * 2.25)) + (i === j ? 0.1 : 0));
  const V = run("gp_exp_quad_cov([[0, 0], [3, 4]], 1, 5)") as { data: Float64Array };
  near(V.data[1], Math.exp(-25 / 50));
  // A domain error (as a distribution's bad parameter), which NUTS treats as a zero density, not a failure.
  assert.throws(() => run("gp_exp_quad_cov([0, 1], -1, 1)"), (e: { code?: string; message: string }) => e.code === "bad-parameter" && /alpha > 0 and rho > 0/.test(e.message));
  assert.throws(() => run("log_mix(-0.5, 1, 2)"), (e: { code?: string }) => e.code === "bad-parameter");
  assert.throws(() => run("add_diag([[1, 2, 3], [4, 5, 6]], 1)"), /square matrix/);
  const { ChoiceMap } = await import("../../../src/trace/choicemap.js");
  const { Rng } = await import("../../../src/rand/rng.js");
  const { UnconstrainedView } = await import("../../../src/infer/unconstrained.js");
  const { finiteDifference } = await import("../../../src/ad/grad.js");
  const gp = (cov: string) => compileProgram(`model m(x, k) {
  rho ~ gamma(25, 4)
  alpha ~ half_normal(2)
  z ~ iid(normal(0, 1), len(x))
  let f = cholesky(${cov}) * z
  obs ~ poisson_log(f) given k
}`, "t.borel").exports.get("m") as import("../../../src/trace/gfi.js").GenerativeFunction;
  const builtin = gp("add_diag(gp_exp_quad_cov(x, alpha, rho), vector([1e-9, 2e-9, 1e-9, 3e-9]))");
  const byHand = gp("matrix(map(fn(i) => map(fn(j) => square(alpha) * exp(-0.5 * square((x[i] - x[j]) / rho)) + (if i == j { [1e-9, 2e-9, 1e-9, 3e-9][i] } else { 0 }), range(len(x))), range(len(x))))");
  const args = [[-2, 0, 1.5, 4], [3, 7, 9, 2]];
  for (const seed of [1, 2]) {
    const tr = builtin.generate(args, ChoiceMap.EMPTY, new Rng(seed)).trace;
    const a = new UnconstrainedView(builtin, tr, undefined, {}), th = a.thetaOf(tr);
    const b = new UnconstrainedView(byHand, byHand.generate(args, ChoiceMap.EMPTY, new Rng(seed)).trace, undefined, {});
    const ga = new Float64Array(a.dim), gb = new Float64Array(b.dim);
    near(a.logDensityGradient(th, ga), b.logDensityGradient(th, gb), 1e-10);
    const fd = finiteDifference((t) => a.logDensity(t), th);
    ga.forEach((g, i) => { near(g, gb[i], 1e-8); assert.ok(Math.abs(g - fd[i]) <= 1e-5 * Math.max(1, Math.abs(fd[i])), `∂${i}: ${g} vs ${fd[i]}`); });
  }
});
