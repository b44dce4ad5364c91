// Property: AD gradients of every logpdfAD match central finite differences of logpdf —
// (a) in the parameters, at a sampled value, for every case (differentiable parameters only);
// (b) in the value, for every continuous case, through the support's bijector so that perturbations stay in
//     the support (θ ↦ logpdf(forward(θ))).
// (c) of rsample(rng) in the parameters, with the noise fixed by the seed (a pathwise derivative).
// Tolerance: |AD − FD| ≤ 1e-5·max(1, |FD|) (FD step 1e-6·max(1, |θ|); the truncation normalizers' own
// derivatives are numerical, ~1e-9).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { finiteDifference, gradient } from "../../src/ad/grad.js";
import { mul } from "../../src/ad/arith.js";
import { index, sum } from "../../src/ad/reduce.js";
import type { Real, Scalar } from "../../src/ad/var.js";
import { bijectorFor } from "../../src/dist/bijectors.js";
import type { Distribution } from "../../src/dist/distribution.js";
import { Rng } from "../../src/rand/rng.js";
import { forEachCase, type Case } from "./families.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const TOL = 1e-5;
const num = (s: Scalar): number => (typeof s === "number" ? s : s.x);

function valueOf(c: Case, d: Distribution, p: number[]): unknown {
  if (d.improper) return d.size === -1 ? 0.7 : new Float64Array(d.size).fill(0.7);
  return d.sample(new Rng(`grad/${c.id}/${p.join(",")}`));
}

function compare(what: string, ad: Float64Array, fd: Float64Array, use: (i: number) => boolean): void {
  ad.forEach((g, i) => {
    if (!use(i)) return;
    assert.ok(Math.abs(g - fd[i]) <= TOL * Math.max(1, Math.abs(fd[i])), `${what} ∂/∂[${i}]: AD ${g} vs FD ${fd[i]}`);
  });
}

test("AD gradients in the parameters match finite differences (all cases)", () => {
  const ran = forEachCase(
    (c) => (c.diff ?? [true]).some(Boolean) && c.gen !== undefined,
    (c, p, d) => {
      if (p.length === 0) return;
      const diff = c.diff ?? p.map(() => true);
      const x = valueOf(c, d, p);
      const lp = d.logpdf(x);
      if (!Number.isFinite(lp)) return;
      const build = (th: Real): Scalar[] => p.map((v, i) => (diff[i] ? index(th, i) : v));
      const { value, grad } = gradient((th) => c.build(build(th)).logpdfAD(x), Float64Array.from(p));
      assert.ok(Math.abs(value - lp) <= 1e-10 * Math.max(1, Math.abs(lp)), `${c.id}: logpdfAD ${value} ≠ logpdf ${lp}`);
      const fd = finiteDifference((th) => c.build(p.map((v, i) => (diff[i] ? th[i] : v))).logpdf(x), Float64Array.from(p));
      compare(`${c.id}(${p.join(", ")}) at ${String(x)}`, grad, fd, (i) => diff[i]);
    },
    10,
  );
  for (const id of ["normal", "gamma", "beta", "student_t", "binomial", "neg_binomial_2", "dirichlet", "mvnormal", "mvnormal_chol", "mixture", "truncated", "truncated_gamma_upper", "categorical"])
    assert.ok(ran.includes(id), `${id} was not checked`);
});

test("AD gradients in the value match finite differences (all continuous cases, through the bijector)", () => {
  const ran = forEachCase(
    (_c, d) => !d.discrete,
    (c, p, d) => {
      const b = bijectorFor(d.support, d.size);
      const x0 = valueOf(c, d, p) as number | Float64Array;
      const u0 = b.inverse(x0);
      const th = typeof u0 === "number" ? new Float64Array([u0]) : u0;
      if (!th.every(Number.isFinite)) return;
      const toTheta = (t: Real): Real => (d.size === -1 ? index(t, 0) : t);
      const f = (t: Real): Scalar => d.logpdfAD(b.forward(toTheta(t)));
      const lp = num(f(th));
      if (!Number.isFinite(lp)) return;
      const { grad } = gradient(f, th);
      const fd = finiteDifference((t) => num(f(t)), th);
      compare(`${c.id}(${p.join(", ")}) at θ = ${Array.from(th)}`, grad, fd, () => true);
    },
    10,
  );
  for (const id of ["normal", "gamma", "beta", "dirichlet", "mvnormal", "ordered", "ordered_positive", "iid", "mixture_vector", "truncated", "flat"])
    assert.ok(ran.includes(id), `${id} was not checked`);
});

test("rsample is a differentiable function of the parameters (AD vs finite differences, common random numbers)", () => {
  const ran = forEachCase(
    (_c, d) => typeof d.rsample === "function",
    (c, p, d) => {
      const diff = c.diff ?? p.map(() => true);
      const seed = `rsample/${c.id}/${p.join(",")}`;
      const f = (th: Real): Scalar => {
        const draw = (c.build(p.map((v, i) => (diff[i] ? index(th, i) : v))).rsample as (r: Rng) => Real)(new Rng(seed));
        return sum(mul(draw, d.size === -1 ? 0.7 : Float64Array.from({ length: d.size }, (_, i) => 0.7 + i)));
      };
      const { value, grad } = gradient(f, Float64Array.from(p));
      if (!Number.isFinite(value)) return;
      const fd = finiteDifference((th) => num(f(th)), Float64Array.from(p));
      compare(`${c.id}(${p.join(", ")}) rsample`, grad, fd, (i) => diff[i]);
    },
    8,
  );
  for (const id of ["normal", "lognormal", "exponential", "uniform", "laplace", "cauchy", "mvnormal", "mvnormal_chol", "iid"])
    assert.ok(ran.includes(id), `${id} has no rsample`);
});
