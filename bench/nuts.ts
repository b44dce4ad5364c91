// NUTS against Stan (issue 5, "Performance"): the four models of the recorded rstan 2.21 run
// (../shared/data/bench/stan/), same data and settings — 1 chain, 1000 warmup + 1000 draws, diagonal metric,
// target acceptance 0.8, max depth 10 — written with the embedded DSL and vectorized distributions.
//
// Columns: ESS_bulk per 1000 gradient evaluations (the smallest bulk ESS over the parameters, divided by all
// gradient evaluations of warmup and sampling — Stan's figure counts leapfrog steps the same way — mean over
// 10 seeds), µs per gradient (wall time of warmup + sampling / gradient evaluations, steady state), and the
// wall time to 1000 draws including compilation (a fresh model's first run, JIT warm-up included; embedded
// models compile nothing) against Stan's compile + sample. Stan's figures are read from results.json and
// labelled "recorded" (rstan is not run here). Targets: ESS/1000 grads ≥ 0.8× Stan, µs/grad ≤ 3× Stan,
// wall ≥ 10× faster.
//   npx tsx bench/nuts.ts [seeds]
// Reads ../shared/data/bench (say so and stop when it is missing).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gen } from "../src/trace/dynamic.js";
import type { GenerativeFunction } from "../src/trace/gfi.js";
import { normal } from "../src/dist/normal.js";
import { halfCauchy } from "../src/dist/half_cauchy.js";
import { bernoulliLogit } from "../src/dist/bernoulli_logit.js";
import { ordered } from "../src/dist/ordered.js";
import { lognormal } from "../src/dist/lognormal.js";
import { beta } from "../src/dist/beta.js";
import { logSumExpN } from "../src/ad/log-sum-exp-n.js";
import { nuts } from "../src/infer/nuts.js";
import type { SamplerDiagnostics } from "../src/infer/hmc-diagnostics.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const dataDir = join(here, "..", "..", "shared", "data", "bench");
if (!existsSync(join(dataDir, "stan", "results.json"))) {
  console.log(`bench/nuts.ts: ${dataDir} is missing (the team's shared data); nothing to compare against.`);
  process.exit(0);
}
const read = (f: string) => JSON.parse(readFileSync(join(dataDir, f), "utf8"));
const stan = read("stan/results.json");

const linregData = read("linreg_stan.json");
const linreg = gen((t, x: Float64Array, y: Float64Array, sigma: number) => {
  const slope = t.sample("slope", normal(0, 10));
  const intercept = t.sample("intercept", normal(0, 10));
  t.observe("y", normal(t.m.add(intercept, t.m.mul(slope, x)), sigma), y);
}, "linreg");

const es = read("eight_schools.json");
const eightSchools = gen((t, y: Float64Array, sigma: Float64Array) => {
  const mu = t.sample("mu", normal(0, 5));
  const tau = t.sample("tau", halfCauchy(5));
  const thetaTilde = t.sample("theta_tilde", normal(new Float64Array(y.length), 1));
  t.observe("y", normal(t.m.add(mu, t.m.mul(tau, thetaTilde)), sigma), y);
}, "eight_schools_noncentered");

const lr = read("logreg.json");
const X = { rows: lr.N, cols: lr.D, data: Float64Array.from((lr.X as number[][]).flat()) };
const logreg = gen((t, X: { rows: number; cols: number; data: Float64Array }, y: Float64Array) => {
  const alpha = t.sample("alpha", normal(0, 5));
  const b = t.sample("beta", normal(new Float64Array(X.cols), 5));
  t.observe("y", bernoulliLogit(t.m.add(alpha, t.m.matVec(X, b))), y);
}, "logreg");

const gm = read("gmm2.json");
const gmm2 = gen((t, y: Float64Array) => {
  const mu = t.sample("mu", ordered(normal(0, 10), 2));
  const sigma = t.sample("sigma", lognormal(new Float64Array(2), 1));
  const w = t.sample("w", beta(2, 2));
  const c1 = normal(t.m.index(mu, 0), t.m.index(sigma, 0)).logpdfElementsAD!(y);
  const c2 = normal(t.m.index(mu, 1), t.m.index(sigma, 1)).logpdfElementsAD!(y);
  t.factor(t.m.sum(logSumExpN([t.m.add(t.m.log(w), c1), t.m.add(t.m.log1p(t.m.neg(w)), c2)])));
}, "gmm2");

interface Case { name: string; stanKey: string; model: GenerativeFunction; args: unknown[] }
const cases: Case[] = [
  { name: "linear regression", stanKey: "linreg", model: linreg, args: [Float64Array.from(linregData.x), Float64Array.from(linregData.y), linregData.sigma] },
  { name: "eight schools (nc)", stanKey: "eight_schools_noncentered", model: eightSchools, args: [Float64Array.from(es.y), Float64Array.from(es.sigma)] },
  { name: "logistic regression", stanKey: "logreg", model: logreg, args: [X, Float64Array.from(lr.y)] },
  { name: "2-component mixture", stanKey: "gmm2", model: gmm2, args: [Float64Array.from(gm.y)] },
];

const seeds = Number(process.argv[2] ?? 10);
const pad = (s: string, n: number) => s.padStart(n);
const f = (x: number, d = 1) => x.toFixed(d);
const rows: string[] = [];
let allMet = true;
for (const c of cases) {
  const ref = stan[c.stanKey];
  const stanUs = (ref.stan_elapsed_median_s * 1e6) / (ref.leapfrog_warmup + ref.leapfrog_sampling);
  const stanWall = ref.compile_s + ref.sampling_wall_median_s;
  let essPer1000 = 0, coldWall = 0, usSum = 0, cpuSum = 0, usN = 0, divergences = 0;
  const minEss: number[] = [];
  for (let s = 1; s <= seeds; s++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    const post = nuts(c.model, c.args, {}, { samples: 1000, warmup: 1000, chains: 1, seed: s, metric: "diag", targetAccept: 0.8, maxDepth: 10 });
    const ms = performance.now() - t0, cpu = process.cpuUsage(c0), cpuMs = (cpu.user + cpu.system) / 1000;
    const d = post.diagnostics.sampler as SamplerDiagnostics;
    const ess = Math.min(...post.scalarKeys().map((k) => post.summary().get(k)!.ess_bulk ?? 0));
    minEss.push(ess);
    essPer1000 += (1000 * ess) / d.n_grad / seeds;
    divergences += d.divergences;
    if (s === 1) coldWall = ms / 1000;
    else { usSum += (1000 * ms) / d.n_grad; cpuSum += (1000 * cpuMs) / d.n_grad; usN++; }
  }
  const us = usN > 0 ? usSum / usN : NaN, cpuUs = usN > 0 ? cpuSum / usN : NaN;
  const essRatio = essPer1000 / ref.ess_per_1000_grads, usRatio = us / stanUs, speedup = stanWall / coldWall;
  const met = essRatio >= 0.8 && usRatio <= 3 && speedup >= 10;
  allMet &&= met;
  rows.push([
    c.name.padEnd(20), pad(f(essPer1000), 8), pad(f(ref.ess_per_1000_grads), 8), pad(f(essRatio, 2), 6),
    pad(f(us, 2), 8), pad(f(cpuUs, 2), 8), pad(f(stanUs, 2), 7), pad(f(usRatio, 2), 6),
    pad(f(coldWall, 2), 7), pad(f(stanWall, 1), 7), pad(f(speedup, 0), 6), pad(String(divergences), 4), met ? " met" : " MISSED",
  ].join(" "));
}
console.log(`NUTS vs Stan (recorded: rstan 2.21, seed 1234, results.json); Borel: mean over ${seeds} seeds, 1 chain, 1000 + 1000, diag metric`);
console.log(["model".padEnd(20), pad("ESS/1kg", 8), pad("Stan*", 8), pad("ratio", 6), pad("µs/grad", 8), pad("cpu µs", 8), pad("Stan*", 7), pad("ratio", 6), pad("wall s", 7), pad("Stan*", 7), pad("×", 6), pad("div", 4), " targets"].join(" "));
for (const r of rows) console.log(r);
console.log("* recorded (rstan is not installed here). Stan wall = compile + sample; Borel wall = first run in this process.");
console.log("µs/grad: wall time of warmup + sampling per gradient (seeds 2..n); cpu µs: the same in process CPU time (less sensitive to other load).");
console.log(allMet ? "all targets met" : "some targets missed");
