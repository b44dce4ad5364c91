// Issue 7 benchmark (b): learning-curve extrapolation with an LC-PFN-style prior (src/pfn/priors/lc.ts:
// pow3 / ilog2 / janoschek mixture with noise, as a Borel model). For curves drawn from the prior, the first
// nc epochs are observed and epochs nc+1..50 held out; the PFN (bench/pfn-train.ts lc) against Borel's own
// NUTS on the same prior with the family summed out (lcMarginal): mean log predictive density of the held-out
// points and time per curve. Targets: PFN within 0.05 nats of the long MCMC run, ≥ 1000× faster per curve.
//   npx tsx bench/pfn-lc.ts [--weights tmp/pfn-bench/lc/lc.f32.pfn] [--curves 20] [--pfn-curves 300]
//                           [--chains 4] [--warmup 1000] [--samples 1000] [--mc-cache FILE]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Rng } from "../src/rand/rng.js";
import { nuts } from "../src/infer/nuts.js";
import { lcMarginal, lcPredictive, lcPrior, LC_EPOCHS, type LcDraw } from "../src/pfn/priors/lc.js";
import { simulateDataset } from "../src/pfn/prior.js";
import { loadPFN, type PFN } from "../src/pfn/pfn.js";
import { quantizeFromPrior } from "../src/pfn/calibrate.js";
import type { BarDistribution } from "../src/pfn/bar-distribution.js";
import { arg, fmt, load, mean, stderr, table } from "./pfn-lib.js";

const weights = arg("weights", "tmp/pfn-bench/lc/lc.f32.pfn"), NC = Number(arg("curves", "20")), NP = Number(arg("pfn-curves", "300"));
const chains = Number(arg("chains", "4")), warmup = Number(arg("warmup", "1000")), samples = Number(arg("samples", "1000"));
const KEYS = ["pow3_c", "pow3_a", "pow3_alpha", "ilog2_c", "ilog2_a", "jan_c", "jan_a", "jan_kappa", "jan_delta", "sigma"] as const;
// The NUTS results depend only on the curves and the MCMC settings: --mc-cache FILE keeps them across runs
// (per curve, written as they finish), so comparing several PFNs costs one long MCMC run.
const cacheFile = arg("mc-cache", ""), cache: Record<string, { ll: number; ms: number }[]> = cacheFile && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, "utf8")) : {};
const T = LC_EPOCHS, prior = lcPrior(T), t0 = performance.now();
const base = loadPFN(weights);
console.log(`# PFN benchmark (b): learning-curve extrapolation; load average ${load()}`);
console.log(`training: ${JSON.stringify(base.config.training)}; d=${base.config.d} layers=${base.config.layers} buckets=${base.config.outputsWidth}`);
console.log(`MCMC: NUTS on the family-marginalized prior, ${chains} chains × (${warmup} warmup + ${samples} draws) per curve, on ${NC} curves per context size\n`);
const pfns: [string, PFN][] = [["f32", base], ["int8", base.quantize("int8")], ["int4", quantizeFromPrior(base, prior, "int4", { datasets: 32, seed: 7 })]];
const epochs = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => (a + i + 1) / T);

function pfnCurve(p: PFN, ys: number[], nc: number): { ll: number; ms: number } {
  const s = performance.now();
  const preds = p.predict({ x: epochs(0, nc), y: ys.slice(0, nc) }, epochs(nc, T)) as BarDistribution[];
  const ms = performance.now() - s;
  return { ll: mean(preds.map((d, i) => d.logpdf(ys[nc + i]))), ms };
}

const rows: (string | number)[][] = [];
for (const nc of [5, 10, 20]) {
  const rng = new Rng(31, `lc-test/${nc}`);
  const curves = Array.from({ length: Math.max(NC, NP) }, () => [...simulateDataset(prior, T, rng, { inputs: "x", outputs: "y" }).y]);
  const pfnRes = pfns.map(([name, p]) => [name, curves.map((ys) => pfnCurve(p, ys, nc))] as const);
  const key = JSON.stringify({ nc, curves: NC, chains, warmup, samples }), mc: { ll: number; ms: number }[] = cache[key] ?? [];
  for (let c = mc.length; c < NC; c++) {
    const ys = curves[c], s = performance.now();
    const post = nuts(lcMarginal(), [ys.slice(0, nc)], {}, { chains, warmup, samples, seed: c });
    const ms = performance.now() - s, stride = Math.max(1, Math.floor(post.size / 400));
    const draws: LcDraw[] = [];
    for (let d = 0; d < post.size; d += stride) draws.push(Object.fromEntries(KEYS.map((k) => [k, post.draws(k)[d] as number])) as LcDraw);
    mc.push({ ll: mean(Array.from({ length: T - nc }, (_, i) => lcPredictive(draws, ys.slice(0, nc), nc + i + 1, ys[nc + i]))), ms });
    if (cacheFile) { cache[key] = mc; writeFileSync(cacheFile, JSON.stringify(cache)); }
  }
  const mcLL = mean(mc.map((r) => r.ll)), mcMs = mean(mc.map((r) => r.ms));
  rows.push([nc, "NUTS (long run)", mcLL, stderr(mc.map((r) => r.ll)), "", mcMs, "", ""]);
  for (const [name, res] of pfnRes) {
    const sub = res.slice(0, NC), d = sub.map((r, i) => r.ll - mc[i].ll), ms = mean(res.map((r) => r.ms));
    rows.push([nc, `PFN ${name}`, mean(sub.map((r) => r.ll)), stderr(sub.map((r) => r.ll)), `${fmt(mean(d))} ± ${fmt(stderr(d))}`, ms, mcMs / ms,
      `${mean(d) >= -0.05 ? "met" : "missed"} / ${mcMs / ms >= 1000 ? "met" : "missed"}`]);
    rows.push([nc, `PFN ${name}, ${res.length} curves`, mean(res.map((r) => r.ll)), stderr(res.map((r) => r.ll)), "", "", "", ""]);
  }
}
console.log(table(["nc", "method", "held-out log lik / point", "± se", "PFN − NUTS (same curves) ± se", "ms / curve", "speed-up", "targets (0.05 nats / 1000×)"], rows));
console.log(`\nbenchmark wall time ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load()}`);
