// MH on betabern (issue 4, "Performance"): 100,000 Metropolis–Hastings steps on p ~ Beta(1, 1), 100 flips
// ~ Bernoulli(p), each step proposing p from its prior (MH by regenerate — the only latent choice, so also
// WebPPL's single-site MH) and recording every draw. Compared:
//   - a plain-JS loop (below): the obvious algorithm, the same Rng, Float64Array storage, log-likelihood of the
//     100 flips summed per step;
//   - Borel, the model written as a user would: observe in a loop (100 records per trace), and with the flips as
//     one iid vector observation; both through the MCMC driver (`mcmc`, 1 chain, no warmup); and the same two as
//     Borel programs (the README's coin.borel, and `flips ~ iid(bernoulli(p), len(flips)) given flips`);
//   - WebPPL 0.9.15 (`Infer({method: "MCMC", kernel: "MH"})`), when installed by `npm ci --prefix bench`.
// Time: best of 10 runs (15 for the short baseline, 3 for WebPPL's 7 s runs) after a warm-up run — Borel's rows
// need several runs before V8 has compiled their hot paths, as the baseline does — wall and CPU time of this process; µs/step and the ratios use CPU
// time, steadier than wall time on a shared machine (the load average is printed). Accuracy: the
// draws' mean and sd against the exact Beta(71, 31) of exact.json. Target: Borel within 3× of plain JS.
//   npx tsx bench/mh.ts [steps]
// Reads ../shared/data/bench (betabern.json, exact.json) and says so and stops when it is missing.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../src/rand/rng.js";
import { gen } from "../src/trace/dynamic.js";
import { beta } from "../src/dist/beta.js";
import { bernoulli } from "../src/dist/bernoulli.js";
import { iid } from "../src/dist/iid.js";
import { mcmc } from "../src/infer/mcmc.js";
import { mhKernel } from "../src/infer/kernels/mh.js";
import { compileProgram } from "../src/lang/program.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const dataDir = join(here, "..", "..", "shared", "data", "bench");
if (!existsSync(join(dataDir, "betabern.json"))) {
  console.log(`bench/mh.ts: the benchmark data is missing (${dataDir}/betabern.json): this bench reads ../shared/data/bench beside the checkout.`);
  process.exit(0);
}
const flips: boolean[] = JSON.parse(readFileSync(join(dataDir, "betabern.json"), "utf8"));
const exact = JSON.parse(readFileSync(join(dataDir, "exact.json"), "utf8")).betabern as { postMean: number; postSd: number };
const STEPS = Number(process.argv[2] ?? 100_000);

/** The plain-JS baseline: independence MH from the Beta(1, 1) = U(0, 1) prior, draws in a Float64Array. */
function plainMH(steps: number, rng: Rng): Float64Array {
  const y = Float64Array.from(flips, Number), n = y.length;
  // log q and log(1 − q) once per proposal (V8 sometimes hoists them out of the loop by itself and sometimes not,
  // a 4× swing of the baseline between runs; written out, the baseline is the fast form every time).
  const loglik = (q: number) => { const l1 = Math.log(q), l0 = Math.log1p(-q); let s = 0; for (let i = 0; i < n; i++) s += y[i] ? l1 : l0; return s; };
  const draws = new Float64Array(steps);
  let p = rng.double(), ll = loglik(p);
  for (let i = 0; i < steps; i++) {
    const q = rng.double(), lq = loglik(q);
    if (Math.log(rng.double()) < lq - ll) { p = q; ll = lq; }
    draws[i] = p;
  }
  return draws;
}

const loopModel = gen((t, fl: boolean[]) => {
  const p = t.sample("p", beta(1, 1)) as number;
  for (let i = 0; i < fl.length; i++) t.observe(["flip", i], bernoulli(p), fl[i]);
  return p;
}, "betabern");
const flipVector = Float64Array.from(flips, Number);
const vectorModel = gen((t, fl: Float64Array) => {
  const p = t.sample("p", beta(1, 1)) as number;
  t.observe("flips", iid(bernoulli(p), fl.length), fl);
  return p;
}, "betabernVector");

const programs = compileProgram(`
model coin(flips) {
  p ~ beta(1, 1)
  for i in 0..len(flips) {
    observe(bernoulli(p), flips[i])
  }
  return p
}
model coinVector(flips) {
  p ~ beta(1, 1)
  flips ~ iid(bernoulli(p), len(flips)) given flips
  return p
}`, "coin.borel");
if (programs.errors.length > 0) throw programs.errors[0];
const { coin: coinProgram, coinVector: coinVectorProgram } = programs.models as unknown as Record<string, typeof loopModel>;

function borel(model: typeof loopModel | typeof vectorModel, arg: unknown, steps: number, seed: number): Float64Array {
  return mcmc(model as never, [arg], {}, mhKernel("p"), { samples: steps, warmup: 0, chains: 1, seed }).values("p");
}

function webppl(steps: number): (() => number[]) | string {
  const dir = join(here, "node_modules", "webppl");
  if (!existsSync(dir)) return "not installed (run `npm ci --prefix bench` to install WebPPL 0.9.15)";
  const require = createRequire(join(here, "package.json"));
  const wp = require("webppl") as { run(code: string, k: (s: unknown, v: unknown) => void): void };
  const code = `
    var flips = ${JSON.stringify(flips)};
    var model = function() { var p = beta(1, 1); map(function(f) { observe(Bernoulli({p: p}), f); }, flips); return p; };
    var d = Infer({method: 'MCMC', kernel: 'MH', samples: ${steps}}, model);
    var m = expectation(d);
    [m, Math.sqrt(expectation(d, function(x) { return (x - m) * (x - m); }))];`;
  return () => { let out: number[] = []; wp.run(code, (_s, v) => { out = v as number[]; }); return out; };
}

function stats(d: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i];
  m /= d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i] - m) ** 2;
  return [m, Math.sqrt(v / (d.length - 1))];
}

/** Best of `runs` runs after a warm-up: wall time, and this process's CPU time (steadier on a shared machine). */
function best<T>(f: () => T, runs = 3): { ms: number; cpu: number; out: T } {
  f();
  let ms = Infinity, cpu = Infinity, out!: T;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    out = f();
    ms = Math.min(ms, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { ms, cpu, out };
}

const rows: { name: string; ms?: number; cpu?: number; mean?: number; sd?: number; note?: string }[] = [];
// The baseline takes a few tens of ms: best of 15, so that one descheduling does not set the ratios.
const plain = best(() => plainMH(STEPS, new Rng(1)), 15);
rows.push({ name: "plain JS loop", ms: plain.ms, cpu: plain.cpu, ...pair(stats(plain.out)) });
const vec = best(() => borel(vectorModel, flipVector, STEPS, 1), 10);
rows.push({ name: "Borel, iid vector observation", ms: vec.ms, cpu: vec.cpu, ...pair(stats(vec.out)) });
const loop = best(() => borel(loopModel, flips, STEPS, 1), 10);
rows.push({ name: "Borel, observe in a loop", ms: loop.ms, cpu: loop.cpu, ...pair(stats(loop.out)) });
const progVec = best(() => borel(coinVectorProgram, flipVector, STEPS, 1), 10);
rows.push({ name: "Borel program, vector given", ms: progVec.ms, cpu: progVec.cpu, ...pair(stats(progVec.out)) });
const prog = best(() => borel(coinProgram, flips, STEPS, 1), 10);
rows.push({ name: "Borel program, observe in loop", ms: prog.ms, cpu: prog.cpu, ...pair(stats(prog.out)) });
const wp = webppl(STEPS);
if (typeof wp === "string") rows.push({ name: "WebPPL 0.9.15", note: wp });
else { const r = best(wp); rows.push({ name: "WebPPL 0.9.15", ms: r.ms, cpu: r.cpu, mean: r.out[0], sd: r.out[1] }); }

function pair([mean, sd]: [number, number]) { return { mean, sd }; }

console.log(`MH, ${STEPS} steps on betabern (100 flips, 70 heads; exact posterior mean ${exact.postMean.toFixed(5)}, sd ${exact.postSd.toFixed(5)}); load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(["method".padEnd(32), "wall (s)".padStart(9), "cpu (s)".padStart(9), "µs/step".padStart(9), "× plain".padStart(9), "mean".padStart(9), "sd".padStart(9), "|mean − exact|/sd".padStart(18)].join(""));
for (const r of rows) {
  if (r.ms === undefined) { console.log(`${r.name.padEnd(32)}${r.note}`); continue; }
  console.log([
    r.name.padEnd(32), (r.ms / 1000).toFixed(3).padStart(9), (r.cpu! / 1000).toFixed(3).padStart(9), ((1000 * r.cpu!) / STEPS).toFixed(2).padStart(9), (r.cpu! / plain.cpu).toFixed(1).padStart(9),
    r.mean!.toFixed(5).padStart(9), r.sd!.toFixed(5).padStart(9), (Math.abs(r.mean! - exact.postMean) / exact.postSd).toFixed(3).padStart(18),
  ].join(""));
}
