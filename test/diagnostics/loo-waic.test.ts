// PSIS, PSIS-LOO and WAIC against known answers: generalized Pareto fits of exact GPD quantiles, k̂ of exactly
// Pareto importance ratios, LOO and WAIC of a conjugate normal model computed in closed form, and edge cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { isBorelError } from "../../src/util/errors.js";
import { normalQuantile } from "../../src/math/normal.js";
import {
  gpdFit, gpdQuantile, loo, paretoKCategory, psis, psisTailLength, sumWithSe, waic,
} from "../../src/diagnostics/index.js";

const near = (a: number, b: number, tol: number, what = ""): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what} got ${a}, expected ${b} ± ${tol}`);
const logNormalPdf = (y: number, m: number, v: number): number =>
  -0.5 * Math.log(2 * Math.PI * v) - (y - m) ** 2 / (2 * v);

test("gpdFit recovers k and sigma from exact GPD quantiles (2000 points, no prior)", () => {
  for (const k of [-0.3, 0, 0.2, 0.5, 0.9, 1.3]) {
    const x = Array.from({ length: 2000 }, (_, i) => gpdQuantile((i + 0.5) / 2000, k, 1.5));
    const fit = gpdFit(x.reverse(), { wip: false }); // order must not matter
    // the sample is the exact quantile sequence, so the only error is the estimator's bias at n = 2000 (~1e-3)
    near(fit.k, k, 0.005, `k=${k}: k̂`);
    near(fit.sigma, 1.5, 0.005, `k=${k}: σ̂`);
  }
  // the weakly informative prior shrinks toward 0.5 with weight 10 observations
  const x = Array.from({ length: 90 }, (_, i) => gpdQuantile((i + 0.5) / 90, 0.2, 1));
  near(gpdFit(x).k, (90 * gpdFit(x, { wip: false }).k + 5) / 100, 1e-12, "wip");
  assert.ok(Number.isNaN(gpdFit([0, 0, 0, 0, 1]).k), "first quartile equal to the minimum: no fit");
  near(gpdQuantile(0.5, 0, 2), 2 * Math.log(2), 1e-15, "exponential median");
});

test("psis: k̂ of exactly Pareto ratios r = U^(−k) is k (after the prior's shrinkage toward 0.5)", () => {
  const s = 4000;
  for (const k of [0.2, 0.5, 0.7, 0.9, 1.3]) {
    // deterministic uniform quantiles: the exceedances over any threshold are exactly GPD(k)
    const logRatios = Array.from({ length: s }, (_, i) => -k * Math.log((i + 0.5) / s));
    const r = psis(logRatios);
    const m = r.tailLength;
    assert.equal(m, Math.ceil(3 * Math.sqrt(s)));
    near(r.k, (m * k + 5) / (m + 10), 0.03, `k=${k}`);
  }
});

test("psis: tail length, truncation rules, ordering, constant ratios", () => {
  assert.equal(psisTailLength(4000), 190);
  assert.equal(psisTailLength(100), 20); // 0.2 S is smaller than 3 √S
  assert.equal(psisTailLength(4000, 0.5), 269);
  const rng = new Rng(11, "psis");
  const lr = Array.from({ length: 1000 }, () => 2 * rng.normal()); // log-normal ratios: heavy-ish tail
  const max = Math.max(...lr);
  const byMax = psis(lr, { truncation: "max" });
  assert.ok(byMax.logWeights.every((w) => w <= max + 1e-12), "max truncation caps at the largest raw ratio");
  const byMean = psis(lr, { truncation: "mean" });
  const none = psis(lr, { truncation: "none" });
  const lse = (a: Float64Array): number => { const m = Math.max(...a); return m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0)); };
  const cap = 0.75 * Math.log(1000) - Math.log(1000) + lse(none.logWeights);
  for (let i = 0; i < lr.length; i++) near(byMean.logWeights[i]!, Math.min(none.logWeights[i]!, cap), 1e-12, `w[${i}]`);
  // smoothing keeps the order of the ratios and leaves the body untouched
  const order = lr.map((_, i) => i).sort((a, b) => lr[a]! - lr[b]!);
  for (let j = 1; j < order.length; j++) assert.ok(none.logWeights[order[j]!]! >= none.logWeights[order[j - 1]!]!);
  for (let j = 0; j < 1000 - none.tailLength; j++) near(none.logWeights[order[j]!]!, lr[order[j]!]!, 1e-12);
  assert.ok(none.ess > 1 && none.ess < 1000);
  const flat = psis(new Array(50).fill(-3));
  assert.equal(flat.k, -Infinity);
  flat.logWeights.forEach((w) => assert.equal(w, -3)); // equal weights are below the S^¾ · mean cap
  assert.equal(paretoKCategory(0.3), "good");
  assert.equal(paretoKCategory(0.6), "ok");
  assert.equal(paretoKCategory(0.8), "bad");
  assert.equal(paretoKCategory(1.2), "very bad");
});

/** Normal model y_i ~ N(μ, 1), μ ~ N(0, τ² = 4), 20 observations; posterior draws of μ from `draw(s)`. */
function normalModel(draw: (s: number, mN: number, vN: number) => number, s: number, outlier?: number) {
  const data = new Rng(1, "data");
  const n = 20;
  const y = Array.from({ length: n }, () => 0.5 + data.normal());
  if (outlier !== undefined) y[0] = outlier;
  const sy = y.reduce((a, b) => a + b);
  const vN = 1 / (1 / 4 + n);
  const mN = vN * sy;
  const vLoo = 1 / (1 / 4 + n - 1);
  // exact: p(y_i | y_-i) = N(y_i; m_-i, 1 + v_-i); lpd_i = log N(y_i; m_N, 1 + v_N);
  // p_waic,i = Var_post[log N(y_i; μ, 1)] = v_N²/2 + (y_i − m_N)² v_N
  const elpdLoo = y.reduce((a, yi) => a + logNormalPdf(yi, vLoo * (sy - yi), 1 + vLoo), 0);
  const lpd = y.reduce((a, yi) => a + logNormalPdf(yi, mN, 1 + vN), 0);
  const pWaic = y.reduce((a, yi) => a + vN ** 2 / 2 + (yi - mN) ** 2 * vN, 0);
  const mu = Array.from({ length: s }, (_, i) => draw(i, mN, vN));
  const logLik = y.map((yi) => Float64Array.from(mu, (m) => logNormalPdf(yi, m, 1)));
  return { logLik, exact: { elpdLoo, pLoo: lpd - elpdLoo, elpdWaic: lpd - pWaic, pWaic } };
}

test("PSIS-LOO and WAIC of a conjugate normal model with quasi-random posterior draws match the exact values", () => {
  // μ_s = m_N + √v_N Φ⁻¹((s + ½)/S): a stratified sample with no Monte Carlo noise; measured errors: elpd_loo 1.9e-3, p_loo 1.9e-3,
  // elpd_waic 2.1e-4, p_waic 2.0e-4 (the remaining PSIS/WAIC bias at S = 4000)
  const { logLik, exact } = normalModel((i, m, v) => m + Math.sqrt(v) * normalQuantile((i + 0.5) / 4000), 4000);
  const l = loo(logLik);
  near(l.elpd_loo, exact.elpdLoo, 0.01, "elpd_loo");
  near(l.p_loo, exact.pLoo, 0.01, "p_loo");
  near(l.looic, -2 * exact.elpdLoo, 0.02, "looic");
  assert.ok(l.pareto_k.every((k) => k < 0.5));
  assert.deepEqual(l.warnings, []);
  const w = waic(logLik);
  near(w.elpd_waic, exact.elpdWaic, 0.01, "elpd_waic");
  near(w.p_waic, exact.pWaic, 0.01, "p_waic");
  assert.deepEqual(w.warnings, []);
});

test("PSIS-LOO and WAIC with random posterior draws, an outlier included, within the Monte Carlo error", () => {
  // Over 200 seeds (S = 4000) the error of elpd_loo had sd 0.025 without and 0.045 with the outlier y₁ = 6;
  // the tolerance 0.25 is > 5 sd. k̂ stayed below 0.6.
  for (const outlier of [undefined, 6]) {
    for (const seed of [1, 2]) {
      const rng = new Rng(seed, "posterior");
      const { logLik, exact } = normalModel((_, m, v) => m + Math.sqrt(v) * rng.normal(), 4000, outlier);
      for (const truncation of ["mean", "max", "none"] as const) {
        const l = loo(logLik, { truncation });
        near(l.elpd_loo, exact.elpdLoo, 0.25, `elpd_loo (${outlier}, ${seed}, ${truncation})`);
        near(l.p_loo, exact.pLoo, 0.3, `p_loo (${outlier}, ${seed}, ${truncation})`);
      }
      const w = waic(logLik);
      near(w.elpd_waic, exact.elpdWaic, 0.25, "elpd_waic");
      near(w.p_waic, exact.pWaic, 0.3, "p_waic");
    }
  }
});

test("loo/waic: constant log-likelihood gives p = 0; SEs are sqrt(N · var); flat and column input agree", () => {
  const cols = [new Float64Array(100).fill(-1), new Float64Array(100).fill(-2), new Float64Array(100).fill(-4)];
  const l = loo(cols);
  near(l.elpd_loo, -7, 1e-12);
  near(l.p_loo, 0, 1e-12);
  near(l.se_elpd_loo, Math.sqrt(3 * (7 / 3)), 1e-12); // var(-1, -2, -4) = 7/3
  near(l.se_looic, 2 * l.se_elpd_loo, 0);
  assert.deepEqual(Array.from(l.pareto_k), [-Infinity, -Infinity, -Infinity]);
  const w = waic(cols);
  near(w.elpd_waic, -7, 1e-12);
  near(w.p_waic, 0, 0);
  assert.deepEqual(sumWithSe([1, 2, 3]), { estimate: 6, se: Math.sqrt(3) });

  const rng = new Rng(5, "flat");
  const s = 200, n = 7;
  const flat = Float64Array.from({ length: s * n }, () => -1 + 0.3 * rng.normal());
  const byCol = Array.from({ length: n }, (_, i) => Float64Array.from({ length: s }, (_, d) => flat[d * n + i]!));
  assert.deepEqual(loo({ values: flat, draws: s, observations: n }), loo(byCol));
  assert.deepEqual(waic({ values: flat, draws: s, observations: n }), waic(byCol));
});

test("warnings: Pareto k > 0.7 in loo, p_waic > 0.4 in waic", () => {
  const s = 4000;
  const good = Float64Array.from({ length: s }, (_, i) => -1 - 0.01 * Math.sin(i));
  // log-lik = −log ratio with ratios exactly Pareto, k = 1.2
  const heavy = Float64Array.from({ length: s }, (_, i) => 1.2 * Math.log((i + 0.5) / s));
  const l = loo([good, heavy, good]);
  assert.ok(l.pareto_k[1]! > 1);
  assert.equal(l.pareto_k_counts["very bad"], 1);
  assert.equal(l.pareto_k_counts.good, 2);
  assert.equal(l.warnings.length, 1);
  assert.match(l.warnings[0]!, /^1 of 3 Pareto k diagnostic values are too high \(k > 0\.7; observations 1\)/);
  const w = waic([good, heavy, good]);
  assert.deepEqual(w.warnings, ["1 (33.3%) p_waic estimates greater than 0.4. We recommend trying loo instead."]);
});

test("loo/waic argument errors name the argument", () => {
  const bad = (f: () => unknown, re: RegExp): void =>
    assert.throws(f, (e: unknown) => isBorelError(e) && re.test(e.message));
  bad(() => loo([new Float64Array([1, 2]), new Float64Array([1])]), /'logLik' is ragged/);
  bad(() => waic([new Float64Array([1, NaN, 2])]), /'logLik' has NaN at draw 1, observation 0/);
  bad(() => loo({ values: [1, 2, 3], draws: 2, observations: 2 }), /'logLik.values' has 3 entries/);
  bad(() => loo([new Float64Array(10)], { rEff: [1, 2] }), /'rEff'/);
  bad(() => psis([0, NaN, 1]), /'logRatios' has NaN at draw 1/);
  bad(() => waic([Float64Array.from([-1, -Infinity, -2])]), /-Infinity/);
  bad(() => loo([Float64Array.from([-1, -2, -Infinity, -2])]), /'logLik' is -Infinity at draw 2, observation 0/);
});
