// MCMC against exact answers (conjugacy, enumeration, closed forms), fixed seeds. Tolerances come from the
// Monte Carlo error of the run itself: |estimate − exact| ≤ 4·MCSE, with the MCSE of the mean (and of the sd)
// computed from the chains as R's posterior package does (bulk-ESS based, 4 chains). Under the Markov-chain CLT
// a correct sampler fails one such check with probability ≈ 6e-5; a biased one fails once its bias exceeds a few
// MCSE. R-hat < 1.01 is checked too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { select } from "../../src/trace/selection.js";
import { normal } from "../../src/dist/normal.js";
import { beta } from "../../src/dist/beta.js";
import { gamma } from "../../src/dist/gamma.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { uniformInt } from "../../src/dist/uniform_int.js";
import { iid } from "../../src/dist/iid.js";
import { mvnormal } from "../../src/dist/mvnormal.js";
import { mcseSd } from "../../src/diagnostics/index.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { mh } from "../../src/infer/mh.js";
import { cycle } from "../../src/infer/kernel.js";
import { cycleAny } from "../../src/infer/kernels/adaptive.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { singleSiteMH } from "../../src/infer/kernels/single-site.js";
import { gibbsKernel } from "../../src/infer/kernels/gibbs.js";
import { randomWalk } from "../../src/infer/kernels/random-walk.js";
import { ellipticalSlice } from "../../src/infer/kernels/elliptical.js";
import type { KernelInput } from "../../src/infer/mcmc.js";

const RUN = { samples: 3000, warmup: 500, chains: 4 };

/** Checks mean (and sd when given) of `key` within 4 MCSE, and R-hat; returns a report line. */
function check(post: Posterior, key: string, mean: number, sd?: number): string {
  const row = post.summary().get(key)!;
  const tolMean = 4 * (row.mcse_mean as number);
  assert.ok(row.rhat !== null && row.rhat < 1.01, `${key}: R-hat ${row.rhat}`);
  assert.ok(Math.abs(row.mean - mean) <= tolMean, `${key}: mean ${row.mean} vs exact ${mean} ± ${tolMean}`);
  let line = `${key}: mean ${row.mean.toFixed(4)} (exact ${mean.toFixed(4)}, |err| ${Math.abs(row.mean - mean).toExponential(1)} ≤ ${tolMean.toExponential(1)})`;
  if (sd !== undefined) {
    const tolSd = 4 * mcseSd(post.chains(key));
    assert.ok(Math.abs(row.sd - sd) <= tolSd, `${key}: sd ${row.sd} vs exact ${sd} ± ${tolSd}`);
    line += `, sd ${row.sd.toFixed(4)} (exact ${sd.toFixed(4)}, |err| ${Math.abs(row.sd - sd).toExponential(1)} ≤ ${tolSd.toExponential(1)})`;
  }
  return line;
}

function run(name: string, model: Parameters<typeof mcmc>[0], data: unknown, kernel: KernelInput, seed: number, checks: (p: Posterior) => string[], opts = RUN) {
  test(`exact answer: ${name}`, () => {
    const post = mcmc(model, [], data, kernel, { ...opts, seed });
    const lines = checks(post);
    console.log(`# ${name}: ${lines.join("; ")}; acceptance ${(post.diagnostics.acceptanceRate as number).toFixed(2)}`);
  });
}

// Beta-Bernoulli: p ~ Beta(2, 2), 30 flips with 20 heads → Beta(22, 12).
const flips = Float64Array.from({ length: 30 }, (_, i) => Number(i % 3 !== 0));
const betaBern = gen((t) => { const p = t.sample("p", beta(2, 2)) as number; t.sample("y", iid(bernoulli(p), flips.length)); }, "betaBern");
const bbMean = 22 / 34, bbSd = Math.sqrt((22 * 12) / (34 * 34 * 35));
for (const [label, k] of [["MH by regenerate", mhKernel("p")], ["single-site MH", singleSiteMH()], ["adaptive random walk", randomWalk("p")]] as const)
  run(`Beta-Bernoulli, ${label}`, betaBern, { y: flips }, k as KernelInput, 11, (p) => [check(p, "p", bbMean, bbSd)]);

test("mh(...) (the Borel method's TypeScript form) is mcmc with single-site MH: the same draws for the same seed", () => {
  const a = mh(betaBern, [], { y: flips }, { ...RUN, samples: 300, seed: 5 });
  const b = mcmc(betaBern, [], { y: flips }, singleSiteMH(), { ...RUN, samples: 300, seed: 5 });
  assert.deepEqual(a.chains("p"), b.chains("p"));
  assert.ok(Math.abs(a.mean("p") - bbMean) < 0.05, `mean ${a.mean("p")}`);
});

// Normal-Normal: mu ~ N(0, 2²), y_i ~ N(mu, 1), n = 20.
const ys = Float64Array.from({ length: 20 }, (_, i) => 1.3 + Math.sin(i * 1.7));
const normNorm = gen((t) => { const mu = t.sample("mu", normal(0, 2)) as number; t.sample("y", iid(normal(mu, 1), ys.length)); }, "normNorm");
const nnPrec = 1 / 4 + ys.length, nnMean = ys.reduce((a, b) => a + b, 0) / nnPrec;
for (const [label, k] of [["elliptical slice", ellipticalSlice("mu")], ["raw random walk", randomWalk("mu", { space: "raw" })]] as const)
  run(`Normal-Normal, ${label}`, normNorm, { y: ys }, k as KernelInput, 12, (p) => [check(p, "mu", nnMean, 1 / Math.sqrt(nnPrec))]);

// Normal-Gamma: tau ~ Gamma(3, 2) (rate), mu | tau ~ N(0, 1/tau), y_i ~ N(mu, 1/tau), n = 15.
const zs = Float64Array.from({ length: 15 }, (_, i) => 0.8 + 1.5 * Math.cos(i * 2.3));
const normGamma = gen((t) => {
  const tau = t.sample("tau", gamma(3, 2)) as number;
  const mu = t.sample("mu", normal(0, 1 / Math.sqrt(tau))) as number;
  t.sample("y", iid(normal(mu, 1 / Math.sqrt(tau)), zs.length));
}, "normGamma");
{
  const n = zs.length, zbar = zs.reduce((a, b) => a + b, 0) / n, ss = zs.reduce((a, b) => a + (b - zbar) ** 2, 0);
  const kn = 1 + n, mun = (n * zbar) / kn, an = 3 + n / 2, bn = 2 + ss / 2 + (n * zbar * zbar) / (2 * kn);
  const checks = (p: Posterior) => [check(p, "tau", an / bn, Math.sqrt(an) / bn), check(p, "mu", mun, Math.sqrt(bn / (kn * (an - 1))))];
  run("Normal-Gamma, adaptive random walks", normGamma, { y: zs }, cycleAny(randomWalk("tau"), randomWalk("mu")), 13, checks);
  run("Normal-Gamma, MH by regenerate per address", normGamma, { y: zs }, cycle(mhKernel("tau"), mhKernel("mu")), 14, checks, { samples: 6000, warmup: 500, chains: 4 });
}

// Burglary network (Russell–Norvig tables), Gibbs on every latent node; P(B | john and mary call) = 0.2842.
const alarm = gen((t) => {
  const b = t.sample("burglary", bernoulli(0.001)) as boolean;
  const e = t.sample("earthquake", bernoulli(0.002)) as boolean;
  const a = t.sample("alarm", bernoulli(b ? (e ? 0.95 : 0.94) : e ? 0.29 : 0.001)) as boolean;
  t.observe("john", bernoulli(a ? 0.9 : 0.05), true);
  t.observe("mary", bernoulli(a ? 0.7 : 0.01), true);
}, "alarm");
run("burglary network, Gibbs", alarm, {}, cycle(gibbsKernel("burglary"), gibbsKernel("earthquake"), gibbsKernel("alarm")), 15,
  (p) => [check(p, "burglary", 0.2841718353643929), check(p, "earthquake", 0.17606683840507922)], { samples: 5000, warmup: 200, chains: 4 });

// Hard conditioning: two dice with a + b = 7 (factor −∞ otherwise); E[a] = 3.5, P(a = 1) = 1/6. Single-site MH
// cannot move here (one die alone cannot keep the sum), so the kernel resamples both.
const dice = gen((t) => {
  const a = t.sample("a", uniformInt(1, 6)) as number, b = t.sample("b", uniformInt(1, 6)) as number;
  t.factor(a + b === 7 ? 0 : -Infinity);
}, "dice");
run("hard conditioning (a + b = 7), MH on both dice", dice, {}, mhKernel(select("a", "b")), 16, (p) => {
  const pa1 = p.probability((d) => d.get("a") === 1);
  assert.ok(p.expect((d) => Number((d.get("a") as number) + (d.get("b") as number) === 7)) > 1 - 1e-9, "a draw violates the hard constraint");
  assert.ok(Math.abs(pa1 - 1 / 6) < 0.03, `P(a = 1) = ${pa1}`);
  return [check(p, "a", 3.5), `P(a = 1) ${pa1.toFixed(4)} (exact 0.1667)`];
}, { samples: 8000, warmup: 200, chains: 4 });

// Soft conditioning: x ~ N(0, 1), factor −(x − 1)²/(2·0.5) → N(2/3, 1/3).
const soft = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.factor(-((x - 1) ** 2) / (2 * 0.5)); }, "soft");
run("soft conditioning (factor), adaptive random walk", soft, {}, randomWalk("x"), 17, (p) => [check(p, "x", 2 / 3, Math.sqrt(1 / 3))]);

// Different numbers of choices per branch: z ~ Bernoulli(0.4); z: a, b ~ N(0, 1), y ~ N(a + b, 1);
// else c ~ N(0, 1), y ~ N(c, 1). With y = 2: P(z | y) from N(y; 0, 3) and N(y; 0, 2); E[a | z, y] = y/3.
const branches = gen((t) => {
  if (t.sample("z", bernoulli(0.4))) {
    const a = t.sample("a", normal(0, 1)) as number, b = t.sample("b", normal(0, 1)) as number;
    t.observe("y", normal(a + b, 1), 2);
  } else {
    const c = t.sample("c", normal(0, 1)) as number;
    t.observe("y", normal(c, 1), 2);
  }
}, "branches");
{
  const lp = (v: number) => -0.5 * Math.log(2 * Math.PI * v) - 2 / v;
  const pz = 1 / (1 + Math.exp(Math.log(0.6) + lp(2) - Math.log(0.4) - lp(3)));
  run("different numbers of choices per branch, single-site MH", branches, {}, singleSiteMH(), 18, (p) => [check(p, "z", pz), check(p, "c", 1)],
    { samples: 15000, warmup: 1000, chains: 4 });
}

// Gaussian-process regression: f ~ mvnormal(0, K) with K_ij = exp(−(x_i − x_j)²/2), y_i ~ N(f_i, 0.5²);
// E[f | y] = K (K + σ²I)⁻¹ y and Cov[f | y] = K − K (K + σ²I)⁻¹ K (solved below by Gaussian elimination).
{
  const xs = [-1.5, -0.4, 0.3, 1.1, 2.0], yv = [0.6, -0.3, 0.1, 0.9, 1.4], s2 = 0.25, n = xs.length;
  const K = xs.map((a) => xs.map((b) => Math.exp(-((a - b) ** 2) / 2) + (a === b ? 1e-9 : 0)));
  const solve = (A: number[][], b: number[][]): number[][] => {
    const m = A.map((r, i) => [...r, ...b[i]]);
    for (let c = 0; c < n; c++) {
      for (let r = c + 1; r < n; r++) { const f = m[r][c] / m[c][c]; for (let k = c; k < m[r].length; k++) m[r][k] -= f * m[c][k]; }
    }
    const out = b.map((row) => row.map(() => 0));
    for (let r = n - 1; r >= 0; r--)
      for (let k = 0; k < b[0].length; k++) {
        let v = m[r][n + k];
        for (let c = r + 1; c < n; c++) v -= m[r][c] * out[c][k];
        out[r][k] = v / m[r][r];
      }
    return out;
  };
  const A = K.map((r, i) => r.map((v, j) => v + (i === j ? s2 : 0)));
  const alpha = solve(A, yv.map((v) => [v]));
  const mean = K.map((r) => r.reduce((s, v, j) => s + v * alpha[j][0], 0));
  const W = solve(A, K);
  const sd = K.map((r, i) => Math.sqrt(K[i][i] - r.reduce((s, v, j) => s + v * W[j][i], 0)));
  const gp = gen((t) => {
    const f = t.sample("f", mvnormal(new Float64Array(n), K)) as Float64Array;
    t.observe("y", iid(normal(0, 1), n), Float64Array.from(yv, (y, i) => (y - f[i]) / Math.sqrt(s2)));
  }, "gp");
  // The likelihood N(y_i; f_i, σ) written as a standard normal of the residual (the Jacobian is a constant).
  run("Gaussian process regression (mvnormal prior), elliptical slice", gp, {}, ellipticalSlice("f"), 19,
    (p) => [0, 2, 4].map((i) => check(p, `f[${i}]`, mean[i], sd[i])));
}
