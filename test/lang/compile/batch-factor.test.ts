// Batched factor loops (src/lang/compile/emit-batch.ts): a loop ending in `factor(e)` — the Stan way to
// write a mixture, `target += log_mix(...)` — runs in a gradient run as one factor, the sum of e over the
// loop, with `logpdf(d, x[i])`, `log_mix`, `log_sum_exp(a, b)` and the Stan-named elementwise functions lifted
// elementwise. The log density must equal generate's (the loop as written) and the gradient central finite
// differences; loops outside the subset run as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { batched, checkGradientRuns, compile } from "./helpers.js";


test("loops ending in factor(e) of the elementwise subset get a batch; reductions and other bodies do not", () => {
  assert.ok(batched("model m(y) { a ~ normal(0, 1)\n for i in 0..len(y) { factor(logpdf(normal(a, 1), y[i])) } }"));
  assert.ok(batched("model m(y) { t ~ beta(2, 2)\n for i in 0..len(y) { factor(log_mix(t, logpdf(normal(-1, 1), y[i]), logpdf(normal(1, 1), y[i]))) } }"));
  assert.ok(batched("model m(x, y) { a ~ normal(0, 1)\n for i in 0..len(y) { let eta = a * x[i]\n factor(y[i] * log_inv_logit(eta) + (1 - y[i]) * log1m_inv_logit(eta)) } }"));
  assert.ok(!batched("model m(y) { a ~ normal(0, 1)\n for i in 0..len(y) { factor(log_sum_exp([a, y[i]])) } }"));
  assert.ok(!batched("model m(y) { a ~ normal(0, 1)\n for i in 0..len(y) { factor(a * y[i])\n factor(a) } }"));
});

const PROGRAMS: Record<string, [string, unknown[]]> = {
  log_mix: [`model m(y) {
  mu ~ ordered(normal(0, 2), 2)
  sigma ~ iid(half_normal(2), 2)
  theta ~ beta(5, 5)
  for n in 0..len(y) {
    factor(log_mix(theta, logpdf(normal(mu[0], sigma[0]), y[n]), logpdf(normal(mu[1], sigma[1]), y[n])))
  }
}`, [[-1.5, 2.1, 1.7, -0.9, 0.2, 3.3]]],
  log_sum_exp: [`model m(y) {
  mu ~ ordered(normal(0, 2), 2)
  w ~ beta(2, 2)
  for v in y { factor(log_sum_exp(log(w) + logpdf(normal(mu[0], 1), v), log1m(w) + logpdf(normal(mu[1], 1), v))) }
}`, [[-1.5, 2.1, 1.7, -0.9, 0.2]]],
  lifted_family: [`model m(x, y) {
  a ~ normal(0, 2)
  b ~ normal(0, 2)
  s ~ half_normal(1)
  for i in 0..len(y) { let mu = a + b * x[i]
    factor(logpdf(student_t(4, mu, s), y[i])) }
}`, [[0, 1, 2, 3], [0.3, 1.2, 1.9, 3.4]]],
  logistic: [`model m(x, y) {
  a ~ normal(0, 2)
  b ~ normal(0, 2)
  for i in 0..len(y) { let eta = a + b * x[i]
    factor(y[i] * log_inv_logit(eta) + (1 - y[i]) * log1m_inv_logit(eta) + 0 * log1p_exp(eta) - 0 * log1m_exp(-exp(eta))) }
}`, [[-2, -1, 0, 1, 2, 3], [0, 0, 1, 0, 1, 1]]],
};

test("a batched factor loop: log joint equals generate's and the gradient matches finite differences", () => {
  for (const [name, [source]] of Object.entries(PROGRAMS)) assert.ok(batched(source), `${name} is batched`);
  checkGradientRuns(PROGRAMS);
});

test("a factor batch that does not apply runs the loop, which reports the error at its place", () => {
  // log_mix's theta must be one number: per element it is not batched, and the loop reports the bad theta.
  const p = compile("model m(y) { a ~ normal(0, 1)\n for i in 0..len(y) { factor(log_mix(y[i] + 2, logpdf(normal(a, 1), y[i]), 0)) } }");
  assert.throws(() => p.models.m.generate([[0.1, 0.2]], ChoiceMap.EMPTY, new Rng(1)), /log_mix.*\[0, 1\]/);
});
