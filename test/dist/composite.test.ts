// Exact oracles for the composite and multivariate distributions: hand-computed log densities of mixture,
// truncated, ordered, iid, delta, categorical(_logit), dirichlet, mvnormal(_chol), and the AD Cholesky
// gradient against finite differences.
import { test } from "node:test";
import assert from "node:assert/strict";
import { finiteDifference, gradient } from "../../src/ad/grad.js";
import { m } from "../../src/ad/math.js";
import { Tape, Var } from "../../src/ad/var.js";
import { choleskyAD } from "../../src/ad/cholesky.js";
import * as d from "../../src/dist/index.js";
import { normalCdf } from "../../src/math/normal.js";
import { Rng } from "../../src/rand/rng.js";
import { isBorelError } from "../../src/util/errors.js";

const near = (a: number, b: number, tol: number, what = ""): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const npdf = (x: number, mu: number, s: number): number => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));

test("mixture: log(Σ w_k p_k(x)), moments, support union, enumerate", () => {
  const mix = d.mixture([0.3, 0.7], [d.normal(-1, 1), d.normal(2, 0.5)]);
  near(mix.logpdf(0.4), Math.log(0.3 * npdf(0.4, -1, 1) + 0.7 * npdf(0.4, 2, 0.5)), 1e-14, "logpdf");
  near(mix.logpdf(-40), Math.log(0.3) + d.normal(-1, 1).logpdf(-40), 1e-12, "far tail stays finite");
  near(mix.mean() as number, 0.3 * -1 + 0.7 * 2, 1e-14, "mean");
  near(mix.variance() as number, 0.3 * (1 + 1) + 0.7 * (0.25 + 4) - 1.1 ** 2, 1e-14, "variance");
  assert.deepEqual(d.mixture([0.5, 0.5], [d.exponential(1), d.beta(2, 2)]).support, { kind: "positive" });
  assert.deepEqual(d.mixture([0.5, 0.5], [d.poisson(1), d.binomial(3, 0.5)]).support, { kind: "integer", low: 0, high: Infinity });
  assert.deepEqual(d.mixture([0.5, 0.5], [d.bernoulli(0.2), d.uniformInt(0, 2)]).enumerate!().map(Number).sort(), [0, 1, 2]);
  near(mix.cdf!(0.4), 0.3 * normalCdf(1.4) + 0.7 * normalCdf(-3.2), 1e-14, "cdf");
});

test("mixture gradient of a 200-point 2-component normal mixture matches finite differences", () => {
  const rng = new Rng("gmm");
  const y = Float64Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? -2 : 1.5) + 0.7 * rng.normal());
  const f = (th: Var | Float64Array) => {
    const w = m.logistic(m.index(th, 0));
    return d.mixture([w, m.sub(1, w)], [d.normal(m.index(th, 1), m.exp(m.index(th, 2))), d.normal(m.index(th, 3), m.exp(m.index(th, 4)))]).logpdfAD(y);
  };
  const th = new Float64Array([0.2, -1.5, -0.3, 1.2, 0.1]);
  const { value, grad } = gradient((t) => f(t), th);
  near(value, f(th) as number, 1e-12, "value");
  const fd = finiteDifference((t) => f(t) as number, th);
  grad.forEach((g, i) => near(g, fd[i], 1e-6, `∂/∂θ${i}`));
});

test("truncated: renormalized density, closed-form truncated-normal moments, cdf/quantile, discrete bounds", () => {
  const t = d.truncated(d.normal(1, 2), 0, 3);
  const z = normalCdf(1) - normalCdf(-0.5);
  near(t.logpdf(2), d.normal(1, 2).logpdf(2) - Math.log(z), 1e-14, "logpdf");
  assert.equal(t.logpdf(-0.1), -Infinity);
  assert.equal(t.logpdf(3.1), -Infinity);
  const a = -0.5, b = 1, phi = (x: number) => npdf(x, 0, 1);
  near(t.mean() as number, 1 + (2 * (phi(a) - phi(b))) / z, 1e-10, "mean");
  near(t.variance() as number, 4 * (1 + (a * phi(a) - b * phi(b)) / z - ((phi(a) - phi(b)) / z) ** 2), 1e-9, "variance");
  near(t.cdf!(t.quantile!(0.3)), 0.3, 1e-12, "cdf∘quantile");
  assert.deepEqual(t.support, { kind: "interval", low: 0, high: 3 });
  // One-sided, far in the upper tail: log Z = log(1 − Φ(6)) keeps its precision.
  near(d.truncated(d.normal(0, 1), 6).logpdf(6.5), d.normal(0, 1).logpdf(6.5) - Math.log(9.865876450376946e-10), 1e-9, "upper tail");
  const tp = d.truncated(d.poisson(3), 1, 5);
  assert.deepEqual(tp.enumerate!(), [1, 2, 3, 4, 5]);
  const mass = [1, 2, 3, 4, 5].reduce((s, k) => s + Math.exp(d.poisson(3).logpdf(k)), 0);
  near(tp.logpdf(2), d.poisson(3).logpdf(2) - Math.log(mass), 1e-13, "discrete");
  assert.deepEqual(tp.support, { kind: "integer", low: 1, high: 5 });
});

test("truncated sampling: inversion, pmf walk in a far tail, rejection for a base without a quantile", () => {
  const rng = new Rng("trunc");
  const far = d.truncated(d.poisson(2), 25, 40);
  for (let i = 0; i < 50; i++) { const x = far.sample(rng); assert.ok(x >= 25 && x <= 40); }
  const mix = d.truncated(d.mixture([0.5, 0.5], [d.normal(0, 1), d.normal(3, 1)]), 0, 5);
  for (let i = 0; i < 50; i++) { const x = mix.sample(rng); assert.ok(x >= 0 && x <= 5); }
});

test("truncated: a component of a mixture scores scalars (it only took vectors); draws near a bound of infinite density stay strictly inside", () => {
  const half = d.truncated(d.normal(0, 1), 0), mix = d.mixture([0.5, 0.5], [half, d.normal(0, 1)]);
  for (const x of [-0.155, 0.7]) {
    const expected = Math.log(0.5 * Math.exp(half.logpdf(x)) + 0.5 * Math.exp(d.normal(0, 1).logpdf(x)));
    assert.ok(Math.abs(mix.logpdf(x) - expected) < 1e-12, `${x}: ${mix.logpdf(x)} vs ${expected}`);
  }
  // beta(1, 0.05) has density +∞ at 1 and a quantile that rounds onto 1 for a fifth of the draws.
  const pole = d.truncated(d.beta(1, 0.05), 0.5, 1), rng = new Rng(1);
  for (let i = 0; i < 2000; i++) {
    const x = pole.sample(rng) as number;
    assert.ok(x >= 0.5 && x < 1 && Number.isFinite(pole.logpdf(x)), `draw ${i}: ${x}, log density ${pole.logpdf(x)}`);
  }
});

test("ordered: n!·Π p on the ordered region, −Infinity off it, sorted samples", () => {
  const o = d.ordered(d.normal(0, 1), 3);
  near(o.logpdf([-1, 0.5, 2]), Math.log(6) + [-1, 0.5, 2].reduce((s, x) => s + d.normal(0, 1).logpdf(x), 0), 1e-14, "logpdf");
  assert.equal(o.logpdf([0, -1, 2]), -Infinity);
  const s = o.sample(new Rng(3));
  assert.ok(s[0] <= s[1] && s[1] <= s[2]);
  assert.deepEqual(o.support, { kind: "ordered" });
  assert.deepEqual(d.ordered(d.gamma(2, 1), 2).support, { kind: "positive_ordered" });
});

test("iid, delta, categorical, categorical_logit, dirichlet", () => {
  near(d.iid(d.normal(0, 1), 3).logpdf([0, 1, 2]), [0, 1, 2].reduce((s, x) => s + d.normal(0, 1).logpdf(x), 0), 1e-14, "iid");
  assert.equal(d.iid(d.bernoulli(0.3), 2).logpdf([true, false]), Math.log(0.3) + Math.log1p(-0.3));
  assert.equal(d.delta(3).logpdf(3), 0);
  assert.equal(d.delta(3).logpdf(3.0001), -Infinity);
  assert.equal(d.delta([1, 2]).logpdf(new Float64Array([1, 2])), 0);
  assert.equal(d.categorical([0.2, 0.8]).logpdf(1), Math.log(0.8));
  assert.equal(d.categorical([0.2, 0.8]).logpdf(2), -Infinity);
  near(d.categoricalLogit([0, 0, Math.log(2)]).logpdf(2), Math.log(0.5), 1e-15, "categorical_logit");
  near(d.categoricalLogit([1000, 0]).logpdf(1), -1000, 1e-15, "extreme logits");
  near(d.iid(d.categorical([0.2, 0.3, 0.5]), 3).logpdf([2, 0, 2]), Math.log(0.5 * 0.2 * 0.5), 1e-14, "iid categorical");
  near(d.dirichlet([1, 1, 1]).logpdf([0.2, 0.3, 0.5]), Math.log(2), 1e-14, "flat dirichlet");
  near(d.dirichlet([2, 3]).logpdf([0.4, 0.6]), d.beta(2, 3).logpdf(0.4), 1e-13, "dirichlet = beta");
  assert.equal(d.dirichlet([2, 3]).logpdf([0.4, 0.5]), -Infinity);
  assert.equal(d.dirichlet([2, 3, 4]).size, 3);
  // iid of a vector-parameter family: the error says that family already is the vector of draws.
  assert.throws(() => d.iid(d.bernoulliLogit([0.1, 0.2]), 2), (e: any) => /scalar-valued/.test(e.message) && /without iid/.test(e.hint));
});

test("mvnormal: diagonal = product of normals, 2×2 closed form, chol form agrees, moments", () => {
  const mu = [1, -2], x = [0.3, 0.4];
  near(d.mvnormal(mu, [[4, 0], [0, 0.25]]).logpdf(x), d.normal(1, 2).logpdf(0.3) + d.normal(-2, 0.5).logpdf(0.4), 1e-14, "diagonal");
  const S = [[2, 0.6], [0.6, 1]], det = 2 - 0.36;
  const r = [x[0] - mu[0], x[1] - mu[1]];
  const q = (S[1][1] * r[0] * r[0] - 2 * S[0][1] * r[0] * r[1] + S[0][0] * r[1] * r[1]) / det;
  near(d.mvnormal(mu, S).logpdf(x), -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q, 1e-14, "2×2");
  const L = [[Math.sqrt(2), 0], [0.6 / Math.sqrt(2), Math.sqrt(1 - 0.18)]];
  near(d.mvnormalChol(mu, L).logpdf(x), d.mvnormal(mu, S).logpdf(x), 1e-14, "chol");
  assert.deepEqual(Array.from(d.mvnormal(mu, S).mean() as Float64Array), mu);
  assert.deepEqual(Array.from(d.mvnormal(mu, S).variance() as Float64Array), [2, 1]);
  assert.equal(d.mvnormal(mu, S).size, 2);
  // Flat row-major covariance and a Matrix-like object are accepted too.
  near(d.mvnormal(mu, new Float64Array([2, 0.6, 0.6, 1])).logpdf(x), d.mvnormal(mu, S).logpdf(x), 1e-15, "flat cov");
  near(d.mvnormal(mu, { rows: 2, cols: 2, data: new Float64Array([2, 0.6, 0.6, 1]) }).logpdf(x), d.mvnormal(mu, S).logpdf(x), 1e-15, "matrix cov");
});

test("mvnormal sample covariance matches cov (K = 5 standard errors, N = 20,000)", () => {
  const S = [[2, 0.6], [0.6, 1]], rng = new Rng("mvn"), n = 20_000;
  const mvn = d.mvnormal([1, -2], S);
  let sxy = 0, sx = 0, sy = 0;
  for (let i = 0; i < n; i++) { const v = mvn.sample(rng); sx += v[0]; sy += v[1]; sxy += v[0] * v[1]; }
  const cov = sxy / n - (sx / n) * (sy / n);
  // Var of the product estimator ≈ (S00·S11 + S01²)/n.
  assert.ok(Math.abs(cov - 0.6) < 5 * Math.sqrt((2 + 0.36) / n), `cov ${cov}`);
});

test("mvnormal rsample is differentiable in mu and the Cholesky factor", () => {
  const tape = new Tape();
  const mu = tape.vector(new Float64Array([1, 2])), L = tape.vector(new Float64Array([1, 0, 0.5, 2]));
  const draw = d.mvnormalChol(mu, L).rsample!(new Rng(9));
  const out = m.sum(draw) as Var;
  tape.backward(out);
  assert.deepEqual(Array.from(mu.gs!), [1, 1]);
});

test("AD Cholesky: L Lᵀ = A, and gradients match finite differences of a symmetric parameterization", () => {
  const build = (t: Float64Array | Var) => {
    // A = B Bᵀ + I with B from 6 parameters: symmetric positive definite.
    const b = (i: number) => m.index(t, i);
    const B = [[b(0), 0, 0], [b(1), b(2), 0], [b(3), b(4), b(5)]];
    const entries = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s: ReturnType<typeof m.add> = i === j ? 1 : 0;
      for (let k = 0; k < 3; k++) s = m.add(s, m.mul(B[i][k], B[j][k]));
      entries.push(s);
    }
    return m.stack(entries as never);
  };
  const th = new Float64Array([1.2, 0.3, 0.8, -0.4, 0.5, 1.1]);
  const w = new Float64Array([0.3, -0.2, 0.1, 0.7, 0.5, -0.4, 0.9, 0.2, 0.6]);
  const f = (t: Float64Array | Var) => m.dot(choleskyAD(build(t), 3), w);
  const { grad } = gradient((t) => f(t), th);
  const fd = finiteDifference((t) => f(t) as number, th);
  grad.forEach((g, i) => near(g, fd[i], 1e-6, `∂/∂θ${i}`));
  const Lv = choleskyAD(build(th), 3) as Float64Array, A = build(th) as Float64Array;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let k = 0; k < 3; k++) s += Lv[i * 3 + k] * Lv[j * 3 + k];
    near(s, A[i * 3 + j], 1e-14, `LLᵀ[${i}${j}]`);
  }
  assert.throws(() => choleskyAD(new Float64Array([1, 2, 2, 1]), 2), (e: unknown) => isBorelError(e) && /positive definite/.test(e.message));
});

test("truncated(gamma(a, 1), lo, hi) at an absurd shape (a gradient sampler's excursion to e²²¹) scores at once: no quantile is computed to build it", () => {
  // Its mass on [1, 3] underflows to 0: a located error (a sampler scores it as zero density), not a wait.
  assert.throws(() => d.truncated(d.gamma(Math.exp(221), 1), 1, 3), (e: unknown) => isBorelError(e) && /enclose no probability/.test(e.message));
  const ok = d.truncated(d.gamma(30, 1), 1, 50);
  assert.ok(Number.isFinite(ok.logpdf(25)));
  const x = ok.sample(new Rng(1));
  assert.ok(x >= 1 && x <= 50);
});
