// Batched observation loops (src/lang/compile/emit-batch.ts): which loops get a batch, and that a gradient
// run's log density and gradient with the batch equal the loop's — the log joint from `generate` at the same
// values (which runs the loop as written), and central finite differences — with latent choices after the
// loop (their override indices), foreach loops, gathers, lets, named arguments, and the loops that must fall
// back (a vector operand that is not elementwise, a matrix row, a value outside the support).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { UnconstrainedView } from "../../../src/infer/unconstrained.js";
import { batched, checkGradientRuns, compile } from "./helpers.js";


test("loops of lets and one observe in the elementwise subset get a batch; others do not", () => {
  assert.ok(batched("model m(x, y) { a ~ normal(0, 1)\n for i in 0..len(y) { observe(bernoulli_logit(a + 2 * x[i] / 100), y[i]) } }"));
  assert.ok(batched("model m(x, y) { a ~ normal(0, 1)\n for i in 0..len(y) { let eta = exp(a * x[i])\n observe(poisson(eta), y[i]) } }"));
  assert.ok(batched("model m(y) { a ~ normal(0, 1)\n for v in y { observe(normal(a, 1), v) } }"));
  // A named observation when nothing else reads the choice array; not when something does.
  assert.ok(batched("model m(x, ys) { a ~ normal(0, 1)\n for i in 0..len(ys) { y[i] ~ normal(a * x[i], 1) given ys[i] } }"));
  assert.ok(!batched("model m(x, ys) { a ~ normal(0, 1)\n for i in 0..len(ys) { y[i] ~ normal(a * x[i], 1) given ys[i] }\n return y[0] }"));
  assert.ok(!batched("model m(ys) { y[0] ~ normal(0, 1) given ys[0]\n for i in 1..len(ys) { y[i] ~ normal(y[i - 1], 1) given ys[i] } }"));
  // Not elementwise or more than an observation: the loop as written.
  assert.ok(!batched("model m(x, y) { a ~ normal(0, 1)\n for i in 0..len(y) { observe(normal(max(a, x[i]), 1), y[i]) } }"));
  assert.ok(!batched("model m(y) { a ~ normal(0, 1)\n for i in 0..len(y) { z[i] ~ normal(a, 1)\n observe(normal(z[i], 1), y[i]) } }"));
  assert.ok(!batched("model m(y) { a ~ normal(0, 1)\n for i in 0..len(y) { observe(normal(if i > 2 { a } else { 0 }, 1), y[i]) } }"));
});

const PROGRAMS: Record<string, [string, unknown[]]> = {
  logistic: [`model m(x, y) {
  a ~ normal(0, 2)
  b ~ normal(0, 2)
  for i in 0..len(y) { observe(bernoulli_logit(a + b * x[i] / 10), y[i]) }
  s ~ gamma(2, 2)
  observe(normal(a, s), 0.3)
}`, [[3, -1, 12, 7, 0.5, -4], [1, 0, 1, 1, 0, 0]]],
  hierarchical: [`model m(g, y) {
  mu ~ normal(0, 3)
  tau ~ half_normal(1)
  theta ~ iid(normal(0, 1), 3)
  for i in 0..len(y) {
    let loc = mu + tau * theta[g[i]]
    observe(student_t(nu: 4, mu: loc, sigma: 1.5), y[i])
  }
}`, [[0, 2, 1, 1, 0, 2, 2], [1.2, -0.3, 2.2, 0.7, 1.9, -1.1, 0.4]]],
  foreach: [`model m(y) {
  rate ~ gamma(3, 1)
  for v in y { observe(poisson(rate), v) }
  for i in 1..len(y) { observe(normal(-rate / 2, 1 + rate), y[i] - y[i - 1]) }
}`, [[2, 5, 1, 3, 4]]],
  named: [`model m(xs, ys) {
  alpha ~ normal(0, 5)
  beta ~ normal(0, 5)
  sigma ~ half_normal(2)
  for i in 0..len(ys) { y[i] ~ normal(alpha + beta * xs[i], sigma) given ys[i] }
}`, [[0, 1, 2, 3, 4], [1.1, 2.9, 5.2, 6.8, 9.1]]],
  varying: [`model m(county, x, y) {
  mu ~ normal(0, 2)
  tau ~ half_normal(1)
  for j in 0..3 { alpha[j] ~ normal(mu, tau) }
  beta ~ normal(0, 1)
  sigma ~ half_normal(1)
  for i in 0..len(y) { observe(normal(alpha[county[i]] + beta * x[i], sigma), y[i]) }
}`, [[0, 2, 1, 1, 0, 2, 2, 0], [0.1, 1.3, -0.4, 0.9, 2.2, -1.0, 0.5, 0.0], [1.2, 0.3, 0.1, 1.4, 2.9, -0.9, 0.6, 0.8]]],
  mixture: [`model m(y) {
  mu ~ ordered(normal(0, 2), 2)
  w ~ beta(2, 2)
  for i in 0..len(y) { observe(mixture([w, 1 - w], [normal(mu[0], 1), normal(mu[1], 1)]), y[i]) }
}`, [[-1.5, 2.1, 1.7, -0.9, 0.2]]],
};

test("a gradient run with batches: log joint equals generate's (the loop as written) and the gradient matches finite differences", () => {
  checkGradientRuns(PROGRAMS);
});

test("a batch that would not be elementwise falls back to the loop, which reports the error at its place", () => {
  // w has one element per observation: the batch must not read normal(w, 1) as n independent values.
  const p = compile("model m(w, y) { a ~ normal(0, 1)\n for i in 0..len(y) { observe(normal(a + w, 1), y[i]) } }");
  const args = [[0.1, 0.2, 0.3], [1, 2, 3]];
  assert.throws(() => p.models.m.generate(args, ChoiceMap.EMPTY, new Rng(1)), /normal/);
  const q = compile("model m(x, y) { a ~ normal(0, 1)\n for i in 0..len(y) { observe(normal(a * x[i], 1), y[i]) } }");
  const rows = [[[1, 2], [3, 4]], [0.5, 0.7]];
  const good = q.models.m.generate([[1, 2], [0.5, 0.7]], ChoiceMap.EMPTY, new Rng(1)).trace;
  const v = new UnconstrainedView(q.models.m, good, undefined, { jacobian: false });
  assert.ok(Math.abs(v.logDensity(v.thetaOf(good)) - good.score) < 1e-12);
  assert.throws(() => q.models.m.generate(rows, ChoiceMap.EMPTY, new Rng(1)));
});
