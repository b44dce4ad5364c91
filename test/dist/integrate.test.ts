// Property: every proper continuous density integrates to 1 over its support (quadrature after the bijector
// and tan maps, test/dist/quadrature.ts). Tolerance: |∫p − 1| < 1e-6 (scalar) and < 1e-5 (2-d values).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Distribution } from "../../src/dist/distribution.js";
import { CASES, forEachCase } from "./families.js";
import { massBelow, totalMass } from "./quadrature.js";
import { Rng } from "../../src/rand/rng.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const worst: { id: string; err: number }[] = [];

test("continuous densities integrate to 1 (all continuous cases)", () => {
  const dims = (d: Distribution): number => (d.size === -1 ? 1 : d.size - (d.support.kind === "simplex" ? 1 : 0));
  const run = (two: boolean, numRuns: number) => forEachCase(
    (_c, d) => !d.discrete && !d.improper && (two ? dims(d) === 2 : dims(d) === 1),
    (c, p, d) => {
      const mass = totalMass(d, two ? 1e-8 : 1e-9);
      const tol = two ? 1e-5 : 1e-6;
      const err = Math.abs(mass - 1);
      const w = worst.find((x) => x.id === c.id);
      if (!w) worst.push({ id: c.id, err }); else w.err = Math.max(w.err, err);
      assert.ok(err < tol, `${c.id}(${p.join(", ")}): ∫p = ${mass}`);
    },
    numRuns,
  );
  const ran = [...run(false, 12), ...run(true, 2)];
  // Guard against the filter silently dropping families.
  const expected = CASES.filter((c) => ["normal", "gamma", "beta", "student_t", "dirichlet", "mvnormal", "truncated"].includes(c.family)).map((c) => c.id);
  for (const id of expected) if (!id.startsWith("truncated_poisson")) assert.ok(ran.includes(id), `${id} was not integrated`);
  if (process.env.BOREL_REPORT) console.log(worst.map((w) => `${w.id}: ${w.err.toExponential(2)}`).join("\n"));
});

test("the quadrature detects a wrong normalizer (negative control)", () => {
  const d = CASES.find((c) => c.id === "gamma")!.build([2, 3]);
  const wrong = { ...d, logpdf: (x: unknown) => d.logpdf(x) + 1e-4, sample: d.sample.bind(d), support: d.support, size: d.size };
  assert.ok(Math.abs(totalMass(wrong) - 1) > 5e-5);
});

test("cdf(x) equals the integral of the density up to x, and cdf(quantile(p)) = p (scalar continuous cases)", () => {
  const ran = forEachCase(
    (_c, d) => !d.discrete && !d.improper && d.size === -1,
    (c, p, d) => {
      const rng = new Rng(`cdf/${c.id}/${p.join(",")}`);
      const x = d.sample(rng) as number;
      const what = `${c.id}(${p.join(", ")}) at ${x}`;
      const F = (d.cdf as (x: number) => number).call(d, x);
      const I = massBelow(d, x);
      assert.ok(Math.abs(F - I) < 1e-7, `${what}: cdf ${F} vs ∫p ${I}`);
      if (!hasQuantile(d)) return;
      for (const q of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999]) {
        const xq = (d.quantile as (p: number) => number).call(d, q);
        const Fq = (d.cdf as (x: number) => number).call(d, xq);
        assert.ok(Math.abs(Fq - q) <= 1e-9 * Math.max(q, 1e-3), `${what}: cdf(quantile(${q})) = ${Fq}`);
      }
    },
    6,
  );
  for (const id of ["normal", "gamma", "beta", "student_t", "cauchy", "laplace", "inv_gamma", "truncated", "truncated_gamma_upper", "mixture"])
    assert.ok(ran.includes(id), `${id} was not checked`);
});

function hasQuantile(d: Distribution): boolean {
  try { return Number.isFinite((d.quantile as (p: number) => number).call(d, 0.5)); } catch { return false; }
}
