// Properties of the samplers (fixed seeds):
// - sample mean and variance match mean() and variance(): |x̄ − μ| ≤ K·σ/√N and |s² − σ²| ≤ K·√((m₄ − s⁴)/N)
//   (plus the exact small term 2s⁴/(n(n−1)), which matters when m₄ = s⁴) with K = 5 (two-sided normal tail 6e-7 per check), N = 20,000 draws (per element for vector values);
//   families with heavy tails draw parameters with finite fourth moments (Case.momentGen);
// - Kolmogorov–Smirnov against cdf() for every scalar family with a cdf, of sample() and (where it exists)
//   rsample(): √N·D < 2.23 (α ≈ 1e-4), N = 2,000.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Distribution } from "../../src/dist/distribution.js";
import { Rng } from "../../src/rand/rng.js";
import { forEachCase, logU, real } from "./families.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const K = 5, N = 20_000, N_KS = 2_000, KS_CRIT = 2.23;
const asNumber = (v: unknown): number => (v === true ? 1 : v === false ? 0 : (v as number));

function draws(d: Distribution, n: number, seed: string): number[][] {
  const rng = new Rng(seed);
  const width = d.size === -1 ? 1 : d.size;
  const cols: number[][] = Array.from({ length: width }, () => []);
  for (let i = 0; i < n; i++) {
    const v = d.sample(rng);
    if (v instanceof Float64Array) v.forEach((e, j) => cols[j].push(e));
    else cols[0].push(asNumber(v));
  }
  return cols;
}

const at = (v: number | Float64Array, j: number): number => (typeof v === "number" ? v : v[j]);

test("sample mean and variance match mean() and variance() (all proper cases)", () => {
  const ran = forEachCase(
    (_c, d) => !d.improper,
    (c, p, d) => {
      const cols = draws(d, N, `moments/${c.id}/${p.join(",")}`);
      cols.forEach((xs, j) => {
        const mu = at(d.mean(), j), v = at(d.variance(), j);
        if (!Number.isFinite(mu)) return;
        const n = xs.length;
        const xbar = xs.reduce((s, x) => s + x, 0) / n;
        let s2 = 0, m4 = 0;
        for (const x of xs) { const e = x - xbar; s2 += e * e; m4 += e * e * e * e; }
        s2 /= n - 1; m4 /= n;
        const what = `${c.id}(${p.join(", ")})[${j}]`;
        if (v === 0) { assert.ok(s2 <= 1e-24 * (1 + mu * mu), what); return; }
        assert.ok(Math.abs(xbar - mu) <= K * Math.sqrt(v / n), `${what}: mean ${xbar} vs ${mu} (sd ${Math.sqrt(v)})`);
        if (!Number.isFinite(v)) return;
        const se = Math.sqrt(Math.max(m4 - s2 * s2, 0) / n + (2 * s2 * s2) / (n * (n - 1)));
        assert.ok(Math.abs(s2 - v) <= K * se + 1e-12 * v, `${what}: variance ${s2} vs ${v} (se ${se})`);
      });
    },
    6,
    (c) => c.momentGen ?? (c.id === "lognormal" ? fc.tuple(real(-2, 2), logU(0.1, 0.8)).map((t) => t as number[]) : c.gen),
  );
  for (const id of ["normal", "gamma", "beta", "poisson", "binomial", "dirichlet", "mvnormal", "mixture", "truncated", "student_t"])
    assert.ok(ran.includes(id), `${id} was not checked`);
});

/** √N · sup |F_N − F| (for a discrete d only at the support points, which is conservative). */
function ksStatistic(xs: number[], d: Distribution): number {
  const cdf = (x: number): number => (d.cdf as (x: number) => number).call(d, x);
  const s = xs.slice().sort((a, b) => a - b), n = s.length;
  let D = 0;
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && s[i + 1] === s[i]) continue;
    const F = cdf(s[i]);
    D = Math.max(D, Math.abs((i + 1) / n - F));
    if (!d.discrete) {
      let j = i;
      while (j > 0 && s[j - 1] === s[i]) j--;
      D = Math.max(D, Math.abs(F - j / n));
    }
  }
  return Math.sqrt(n) * D;
}

test("Kolmogorov–Smirnov: samples follow cdf() (all scalar cases with a cdf)", () => {
  const ran = forEachCase(
    (_c, d) => !d.improper && d.size === -1 && typeof d.cdf === "function" && hasCdf(d),
    (c, p, d) => {
      const [xs] = draws(d, N_KS, `ks/${c.id}/${p.join(",")}`);
      const ks = ksStatistic(xs, d);
      assert.ok(ks < KS_CRIT, `${c.id}(${p.join(", ")}): √N·D = ${ks.toFixed(3)}`);
      if (!d.rsample) return;
      const rng = new Rng(`ks-r/${c.id}/${p.join(",")}`);
      const rs = Array.from({ length: N_KS }, () => (d.rsample as (r: Rng) => number)(rng));
      const ksR = ksStatistic(rs, d);
      assert.ok(ksR < KS_CRIT, `${c.id}(${p.join(", ")}) rsample: √N·D = ${ksR.toFixed(3)}`);
    },
    6,
  );
  for (const id of ["normal", "gamma", "beta", "student_t", "poisson", "binomial", "neg_binomial_2", "truncated", "truncated_gamma_upper", "mixture"])
    assert.ok(ran.includes(id), `${id} was not KS-tested`);
});

function hasCdf(d: Distribution): boolean {
  try { (d.cdf as (x: number) => number)(0); return true; } catch { return false; }
}

test("the moment check rejects a biased sampler (negative control)", () => {
  const rng = new Rng("control");
  const xs = Array.from({ length: N }, () => rng.normal() * 1.05);
  const xbar = xs.reduce((s, x) => s + x, 0) / N;
  const s2 = xs.reduce((s, x) => s + (x - xbar) ** 2, 0) / (N - 1);
  assert.ok(Math.abs(s2 - 1) > K * Math.sqrt(2 / N), `a 10% variance error must be detected (s² = ${s2})`);
});
