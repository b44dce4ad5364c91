// Property: a vectorized family (Float64Array parameters, or scalars broadcast) equals its scalar form
// element by element — the summed log density, the AD gradient in every parameter element, the moments and
// even the sample stream. Tolerance 1e-12 relative.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Tape, Var, type Real, type Scalar } from "../../src/ad/var.js";
import { bernoulli, iid, mixture, normal, studentT } from "../../src/dist/index.js";
import { Rng } from "../../src/rand/rng.js";
import { CASES } from "./families.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const SCALAR_FAMILIES = new Set([
  "normal", "half_normal", "lognormal", "student_t", "cauchy", "half_cauchy", "laplace", "logistic", "exponential",
  "gamma", "inv_gamma", "beta", "uniform", "bernoulli", "bernoulli_logit", "binomial", "binomial_logit", "poisson",
  "poisson_log", "neg_binomial", "neg_binomial_2", "geometric", "uniform_int",
]);
const LEN = 5;
const close = (a: number, b: number, what: string): void =>
  assert.ok(Object.is(a, b) || a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const num = (v: unknown): number => (v === true ? 1 : v === false ? 0 : (v as number));

test("vectorized = scalar: log density, gradients, moments, samples (all scalar families)", () => {
  const cases = CASES.filter((c) => SCALAR_FAMILIES.has(c.family));
  assert.equal(new Set(cases.map((c) => c.family)).size, SCALAR_FAMILIES.size);
  for (const c of cases) {
    fc.assert(
      fc.property(fc.array(c.gen, { minLength: LEN, maxLength: LEN }), fc.boolean(), (rows, broadcastFirst) => {
        const k = rows[0].length;
        if (k === 0) return;
        if (k === 1) broadcastFirst = false;
        // Column j as a vector; with broadcastFirst, parameter 0 is one shared scalar.
        const cols: (number | Float64Array)[] = Array.from({ length: k }, (_, j) =>
          broadcastFirst && j === 0 ? rows[0][0] : Float64Array.from(rows, (r) => r[j]));
        const rowParams = rows.map((r) => r.map((v, j) => (broadcastFirst && j === 0 ? rows[0][0] : v)));
        const scalars = rowParams.map((r) => c.build(r));
        const vec = c.build(cols as unknown as Scalar[]);
        assert.equal(vec.size, LEN, c.id);
        // Samples: the vector draws element by element from one stream.
        const rngA = new Rng(`vec/${c.id}`), rngB = new Rng(`vec/${c.id}`);
        const xs = vec.sample(rngA) as Float64Array;
        scalars.forEach((d, i) => close(xs[i], num(d.sample(rngB)), `${c.id} sample[${i}]`));
        // Log density.
        const total = scalars.reduce((s, d, i) => s + d.logpdf(d.discrete && d.support.kind === "boolean" ? xs[i] === 1 : xs[i]), 0);
        close(vec.logpdf(xs), total, `${c.id} logpdf`);
        // Moments.
        const mv = vec.mean() as Float64Array, vv = vec.variance() as Float64Array;
        scalars.forEach((d, i) => { close(mv[i], d.mean() as number, `${c.id} mean`); close(vv[i], d.variance() as number, `${c.id} variance`); });
        // Gradients in every parameter element (continuous parameters; the value too for continuous families).
        const diff = c.diff ?? cols.map(() => true);
        const tape = new Tape();
        const vars = cols.map((col, j) => (diff[j] ? (typeof col === "number" ? tape.scalar(col) : tape.vector(col)) : col));
        const xv = vec.discrete ? xs : tape.vector(xs.slice());
        const out = c.build(vars as Scalar[]).logpdfAD(xv);
        if (!(out instanceof Var)) return;
        tape.backward(out);
        scalars.forEach((_d, i) => {
          const t2 = new Tape();
          const sv = rowParams[i].map((v, j) => (diff[j] ? t2.scalar(v) : v));
          const xi = vec.discrete ? xs[i] : t2.scalar(xs[i]);
          const o = c.build(sv as Scalar[]).logpdfAD(xi);
          if (!(o instanceof Var)) return;
          t2.backward(o);
          vars.forEach((v, j) => {
            if (!(v instanceof Var)) return;
            const g = v.xs === null ? null : (v.gs ?? new Float64Array(LEN))[i];
            if (g !== null) close(g, (sv[j] as Var).g, `${c.id} ∂/∂param${j}[${i}]`);
          });
          if (xi instanceof Var) close(((xv as Var).gs ?? new Float64Array(LEN))[i], xi.g, `${c.id} ∂/∂x[${i}]`);
        });
        // A broadcast scalar parameter's gradient is the sum of the per-element gradients.
        vars.forEach((v, j) => {
          if (!(v instanceof Var) || v.xs !== null) return;
          let s = 0;
          rowParams.forEach((r, i) => {
            const t2 = new Tape(), sv = r.map((val, jj) => (diff[jj] ? t2.scalar(val) : val));
            const o = c.build(sv as Scalar[]).logpdfAD(vec.discrete ? xs[i] : xs[i]);
            if (o instanceof Var) { t2.backward(o); s += (sv[j] as Var).g; }
          });
          close(v.g, s, `${c.id} ∂/∂(broadcast param ${j})`);
        });
      }),
      { numRuns: 8, includeErrorInReport: true },
    );
  }
});

test("scalar parameters with a vector value (the summed fast paths) = Σ of scalar terms, gradients included", () => {
  for (const c of CASES.filter((cc) => SCALAR_FAMILIES.has(cc.family))) {
    fc.assert(
      fc.property(c.gen, (p) => {
        const d0 = c.build(p);
        const rng = new Rng(`sum/${c.id}/${p.join(",")}`);
        const xs = Float64Array.from({ length: LEN }, () => num(d0.sample(rng)));
        const diff = c.diff ?? p.map(() => true);
        // Summed: one kernel call over the vector with scalar (AD) parameters.
        const tape = new Tape();
        const vars = p.map((v, j) => (diff[j] ? tape.scalar(v) : v));
        const xv = d0.discrete ? xs : tape.vector(xs.slice());
        const out = c.build(vars as Scalar[]).logpdfAD(xv);
        // Reference: element by element.
        let total = 0;
        const gp = p.map(() => 0), gx = new Float64Array(LEN);
        xs.forEach((x, i) => {
          const t2 = new Tape(), sv = p.map((v, j) => (diff[j] ? t2.scalar(v) : v)), xi = d0.discrete ? x : t2.scalar(x);
          const o = c.build(sv as Scalar[]).logpdfAD(xi);
          total += typeof o === "number" ? o : o.x;
          if (o instanceof Var) { t2.backward(o); sv.forEach((v, j) => { if (v instanceof Var) gp[j] += v.g; }); if (xi instanceof Var) gx[i] = xi.g; }
        });
        close(typeof out === "number" ? out : out.x, total, `${c.id} summed value`);
        if (!(out instanceof Var)) return;
        tape.backward(out);
        vars.forEach((v, j) => { if (v instanceof Var) close(v.g, gp[j], `${c.id} summed ∂/∂param${j}`); });
        if (xv instanceof Var) gx.forEach((g, i) => close((xv.gs as Float64Array)[i], g, `${c.id} summed ∂/∂x[${i}]`));
      }),
      { numRuns: 10, includeErrorInReport: true },
    );
  }
});

test("a mixture of vectorized components mixes each element (= Σ of scalar mixtures)", () => {
  const mus = new Float64Array([-1, 0, 2, 5]), xs = new Float64Array([0.3, -2, 2.5, 4]);
  const vec = mixture([0.3, 0.7], [normal(mus, 1.5), studentT(4, 1, 2)]);
  const total = Array.from(xs).reduce((s, x, i) => s + mixture([0.3, 0.7], [normal(mus[i], 1.5), studentT(4, 1, 2)]).logpdf(x), 0);
  close(vec.logpdf(xs), total, "mixture");
  assert.equal(vec.size, 4);
  const lp = (vec.logpdfElementsAD as (x: unknown) => Real)(xs) as Float64Array;
  assert.equal(lp.length, 4);
});

test("the vectorized log density is one AD node per component, however many points", () => {
  const tape = new Tape();
  const mu = tape.scalar(0.5), sigma = tape.scalar(2);
  const y = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
  const before = tape.size;
  normal(mu, sigma).logpdfAD(y);
  assert.equal(tape.size - before, 1);
  const w = tape.scalar(0.3);
  const n0 = tape.size;
  mixture([w, 0.7], [normal(mu, 1), normal(sigma, 1)]).logpdfAD(y);
  assert.ok(tape.size - n0 <= 12, `mixture used ${tape.size - n0} nodes`);
});


test("iid flips with one p (counted, not summed term by term) = Σ of scalar log densities, −∞ off {0, 1}", () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { maxLength: 23 }), fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)), (flips, p) => {
      const xs = Float64Array.from(flips, Number);
      const total = flips.reduce((s, f) => s + bernoulli(p).logpdf(f), 0);
      close(iid(bernoulli(p), xs.length).logpdf(xs), total, `p = ${p}`);
      for (const bad of [0.5, NaN, 2, -1])
        if (xs.length > 0) {
          const ys = xs.slice();
          ys[(7 * flips.length + 3) % ys.length] = bad;
          assert.equal(iid(bernoulli(p), ys.length).logpdf(ys), -Infinity, `${bad} among the flips`);
        }
    }),
    { numRuns: 300 },
  );
});
