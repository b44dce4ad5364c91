// Bad parameters: every constructor validates its arguments and the BorelError names the distribution and
// the argument ("gamma: argument 'rate' must be > 0 and finite, got -1"). Also: the registry covers every
// distribution and the test fixture covers every registry entry; improper priors refuse to sample.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isBorelError } from "../../src/util/errors.js";
import { distributionRegistry } from "../../src/dist/index.js";
import * as dist from "../../src/dist/index.js";
import { Rng } from "../../src/rand/rng.js";
import { CASES } from "./families.js";

const N01 = dist.normal(0, 1);
const BAD: [string, unknown[], string][] = [
  ["normal", [0, -1], "sigma"], ["normal", [NaN, 1], "mu"], ["normal", ["a", 1], "mu"], ["normal", [0], "sigma"],
  ["half_normal", [0], "sigma"], ["lognormal", [0, 0], "sigma"], ["lognormal", [Infinity, 1], "mu"],
  ["student_t", [-1], "nu"], ["student_t", [3, 0, -2], "sigma"], ["student_t", [3, NaN], "mu"],
  ["cauchy", [0, -1], "sigma"], ["half_cauchy", [-1], "sigma"], ["laplace", [0, 0], "b"], ["logistic", [0, -1], "s"],
  ["exponential", [-1], "rate"], ["exponential", [Infinity], "rate"], ["gamma", [-1, 1], "shape"], ["gamma", [1, -1], "rate"],
  ["inv_gamma", [1, 0], "scale"], ["inv_gamma", [0, 1], "shape"], ["beta", [0, 1], "alpha"], ["beta", [1, -1], "beta"],
  ["uniform", [1, 0], "high"], ["uniform", [0, 0], "high"], ["uniform", [NaN, 1], "low"],
  ["bernoulli", [1.5], "p"], ["bernoulli_logit", [NaN], "logit"],
  ["binomial", [-1, 0.5], "n"], ["binomial", [2.5, 0.5], "n"], ["binomial", [3, 2], "p"], ["binomial_logit", [3, Infinity], "logit"],
  ["poisson", [-1], "rate"], ["poisson_log", [NaN], "log_rate"],
  ["neg_binomial", [0, 0.5], "r"], ["neg_binomial", [1, 0], "p"], ["neg_binomial", [1, 1.5], "p"],
  ["neg_binomial_2", [0, 1], "mu"], ["neg_binomial_2", [1, -1], "phi"], ["geometric", [0], "p"],
  ["categorical", [[0.5, 0.6]], "probs"], ["categorical", [0.5], "probs"], ["categorical", [[-0.5, 1.5]], "probs"],
  ["categorical_logit", [[Infinity, 0]], "logits"], ["categorical_logit", [[NaN, 0]], "logits"], ["categorical_logit", [[]], "logits"],
  ["uniform_int", [0.5, 3], "low"], ["uniform_int", [3, 1], "high"], ["uniform_int", [0, 2.5], "high"],
  ["dirichlet", [[1, 0]], "alpha"], ["dirichlet", [2], "alpha"],
  ["mvnormal", [[0, 0], [[1, 2], [2, 1]]], "cov"], ["mvnormal", [[0, 0], [[1, 0.5], [0.4, 1]]], "cov"],
  ["mvnormal", [[0, 0], [[1, 0, 0], [0, 1, 0]]], "cov"], ["mvnormal", [[0, NaN], [[1, 0], [0, 1]]], "mu"],
  ["mvnormal_chol", [[0], [[-1]]], "L"], ["mvnormal_chol", [[0, 0], [[1, 1], [0, 1]]], "L"],
  ["mixture", [[0.5, 0.5], [N01]], "dists"], ["mixture", [[0.5], [N01, N01]], "dists"], ["mixture", [[0.5, 0.4], [N01, N01]], "weights"],
  ["mixture", [[0.5, 0.5], [N01, dist.poisson(1)]], "dists"], ["mixture", [[1], "x"], "dists"],
  ["ordered", [dist.poisson(1), 3], "d"], ["ordered", [N01, 0], "n"], ["ordered", [dist.dirichlet([1, 1]), 2], "d"],
  ["truncated", [N01, 2, 1], "high"], ["truncated", [5, 0, 1], "d"], ["truncated", [N01, "a", 1], "low"],
  ["truncated", [N01, 40, 50], "low"],
  ["delta", ["x"], "v"], ["delta", [NaN], "v"],
  ["iid", [N01, -1], "n"], ["iid", [dist.dirichlet([1, 1]), 3], "d"],
];

test("every bad parameter gives a BorelError naming the distribution and the argument", () => {
  for (const [name, args, arg] of BAD) {
    const entry = distributionRegistry.get(name);
    assert.ok(entry, `no registry entry ${name}`);
    assert.throws(() => entry.make(...args), (e: unknown) => {
      assert.ok(isBorelError(e), `${name}(${args.map(String)}): not a BorelError: ${String(e)}`);
      assert.ok(e.message.startsWith(`${name}: argument '${arg}'`), `${name}(${args.map(String)}): message "${e.message}" does not name '${arg}'`);
      return true;
    });
  }
  // Each distribution of the registry has at least one bad-parameter case (flat/half_flat take none).
  const covered = new Set(BAD.map((b) => b[0]));
  for (const name of distributionRegistry.keys()) if (!["flat", "half_flat"].includes(name)) assert.ok(covered.has(name), `no bad-parameter case for ${name}`);
});

test("the message reads like the documented example", () => {
  assert.throws(() => dist.gamma(1, -1), /BorelError: gamma: argument 'rate' must be > 0 and finite, got -1$/);
  assert.throws(() => dist.normal(0, 1, 2), /normal takes 2 argument\(s\) \(mu, sigma\), got 3/);
  // Far in the upper tail the mass underflows: said so, not "no probability".
  assert.throws(() => dist.truncated(N01, 40, 50), /'low' is too far in the upper tail of normal\(0, 1\): P\(X ≥ 40\) underflows/);
  assert.throws(() => dist.truncated(N01, 2, 1.5), /'high' must be greater than 'low'/);
  // A discrete base with no integer between the bounds: said so, not an upper-tail underflow.
  assert.throws(() => dist.truncated(dist.poisson(3), 10.5, 10.7), /enclose no value of the discrete poisson\(3\): there is no integer in \[10\.5, 10\.7\]/);
});

test("registry: snake_case names, positional parameters with defaults, and a test case for every entry", () => {
  const st = distributionRegistry.get("student_t")!;
  assert.deepEqual(st.params, [{ name: "nu" }, { name: "mu", default: 0 }, { name: "sigma", default: 1 }]);
  assert.equal(st.make(3).logpdf(0), dist.studentT(3, 0, 1).logpdf(0));
  const families = new Set(CASES.map((c) => c.family));
  for (const [name, e] of distributionRegistry) {
    assert.equal(e.name, name);
    assert.match(name, /^[a-z][a-z0-9_]*$/);
    assert.ok(families.has(name), `registry entry ${name} has no test case`);
  }
  for (const c of CASES) assert.ok(distributionRegistry.has(c.family), `case ${c.id}: unknown family ${c.family}`);
  assert.equal(distributionRegistry.size, 35);
});

test("improper priors refuse to sample with a clear error", () => {
  for (const d of [dist.flat(), dist.halfFlat(), dist.iid(dist.flat(), 3)]) {
    assert.equal(d.improper, true);
    assert.throws(() => d.sample(new Rng(1)), (e: unknown) => isBorelError(e) && /improper prior and cannot be sampled/.test(e.message));
  }
  assert.equal(dist.halfFlat().logpdf(-1), -Infinity);
  assert.equal(dist.flat().logpdf(-1e300), 0);
});

test("a quantile level outside [0, 1] is an error (some families' formulas gave finite numbers there)", () => {
  for (const d of [dist.cauchy(0, 1), dist.exponential(2), dist.uniform(1, 3), dist.halfNormal(1), dist.normal(0, 1)])
    for (const q of [-0.1, 1.5, NaN])
      assert.throws(() => d.quantile!(q), (e: unknown) => isBorelError(e) && /quantile level must be in \[0, 1\]/.test(e.message), `${d.name} at ${q}`);
  assert.equal(dist.exponential(2).quantile!(0), 0);
  assert.equal(dist.uniform(1, 3).quantile!(1), 3);
});

test("enumerate() of a finite support too large to list is a not-enumerable error, not an allocation that exhausts memory", () => {
  for (const d of [dist.binomial(1e9, 0.5), dist.uniformInt(0, 1e12), dist.truncated(dist.poisson(3), 0, 1e9)])
    assert.throws(() => d.enumerate!(), (e: unknown) => isBorelError(e) && e.code === "not-enumerable" && /values, too many to list/.test(e.message));
  assert.equal(dist.binomial(1e6, 0.5).enumerate!().length, 1e6 + 1);
});

test("out-of-support and out-of-range inputs: an infinite mvnormal value has density 0; truncated quantile levels are probabilities", () => {
  assert.equal(dist.mvnormal([0, 0], [[1, 0], [0, 1]]).logpdf([Infinity, 0]), -Infinity);
  assert.equal(dist.mvnormalChol([0, 0], [[1, 0], [0, 1]]).logpdf([0, -Infinity]), -Infinity);
  for (const q of [-0.1, 1.7, NaN]) assert.throws(() => dist.truncated(N01, 0, 1).quantile!(q), /truncated: the quantile level must be in \[0, 1\]/);
});
