// SMC on the state-space model of ssm.json (T = 100): Borel (the unfold form; the Borel-program form, which runs
// in lockstep — all particles as vectors, src/infer/smc/lockstep.ts — and, for comparison, the same program with
// one paused run per particle, `lockstep: false`), WebPPL 0.9.15 (in this process, through its npm API) and the plain-JS loop of
// bench/baselines/ssm-pf.ts, with 1k and 10k particles; Borel alone at 100k. Prints CPU time of this process
// (the machine is shared, so wall time is noisy; both are shown), the ratio to plain JS, and the accuracy of
// log Ẑ against the Kalman filter's log Z (exact.json). Targets (issue 4): within 3x of plain JS; 100k particles
// within 12x of 10k.
//   npm ci --prefix bench        (once, for WebPPL; without it the WebPPL rows are skipped)
//   npx tsx bench/smc.ts [--quick]
//
// Same algorithm everywhere: bootstrap particle filter, x_0 ~ N(0, 1), x_t = 0.9 x_{t−1} + N(0, 1),
// y_t ~ N(x_t, 1). Borel and plain JS resample systematically when ESS < N/2 and use the same Rng stream (they
// give bit-identical log Ẑ); WebPPL's SMC resamples (multinomially) at every observation.
// Reads ../shared/data/bench (says so and uses the repository's copies when it is missing).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../src/rand/rng.js";
import { gen } from "../src/trace/dynamic.js";
import { unfold } from "../src/combinators/unfold.js";
import { normal } from "../src/dist/normal.js";
import { ChoiceMap } from "../src/trace/choicemap.js";
import type { GenerativeFunction } from "../src/trace/gfi.js";
import { smc } from "../src/infer/smc/smc.js";
import { compileProgram } from "../src/lang/program.js";
import { ssmParticleFilter } from "./baselines/ssm-pf.js";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");

function loadData(): { ys: number[]; logZ: number } {
  const shared = join(here, "..", "..", "shared", "data", "bench");
  let ssm = join(shared, "ssm.json"), exact = join(shared, "exact.json");
  if (!existsSync(ssm) || !existsSync(exact)) {
    console.log(`bench/smc.ts: ${shared} is missing (the team's shared data); using the repository's copies (examples/data/ssm.json, test/fixtures/bench/exact.json).`);
    ssm = join(here, "..", "examples", "data", "ssm.json");
    exact = join(here, "..", "test", "fixtures", "bench", "exact.json");
  }
  return { ys: JSON.parse(readFileSync(ssm, "utf8")).ys, logZ: JSON.parse(readFileSync(exact, "utf8")).ssm.logZ };
}

const { ys, logZ: exactLogZ } = loadData();
const T = ys.length;

// Borel, unfold form
const step = gen((t, k: number, prev: number) => {
  const x = t.sample("x", normal(k === 0 ? 0 : 0.9 * prev, 1)) as number;
  t.sample("y", normal(x, 1));
  return x;
}, "ssmStep");
const ssmUnfold = unfold(step);
const unfoldObs = new ChoiceMap();
ys.forEach((y, k) => unfoldObs.set(`${k}/y`, y));

// Borel, program form
const program = compileProgram(`
model ssm(ys) {
  x[0] ~ normal(0, 1)
  observe(normal(x[0], 1), ys[0])
  for t in 1..len(ys) {
    x[t] ~ normal(0.9 * x[t - 1], 1)
    observe(normal(x[t], 1), ys[t])
  }
}`, "ssm.borel");
if (program.errors.length > 0) throw program.errors[0];
const ssmProgram = (program.models as Record<string, GenerativeFunction>).ssm!;
const ysVec = Float64Array.from(ys);

// WebPPL, in this process
type WebPPL = { compile(code: string): unknown; prepare(c: unknown, k: (s: unknown, v: unknown) => void): { run(): void } };
let webppl: { wp: WebPPL; seed: (s: number) => void } | null = null;
try {
  const req = createRequire(join(here, "package.json"));
  webppl = { wp: req("webppl") as WebPPL, seed: (req("webppl/src/util") as { seedRNG(s: number): void }).seedRNG };
} catch {
  console.log("bench/smc.ts: WebPPL is not installed (run `npm ci --prefix bench`); skipping the WebPPL rows.");
}
const webpplCode = (n: number) => `
var ys = ${JSON.stringify(ys)};
var model = function() {
  var step = function(t, prev) {
    if (t === ys.length) { return prev; }
    var x = t === 0 ? gaussian(0, 1) : gaussian(0.9 * prev, 1);
    observe(Gaussian({mu: x, sigma: 1}), ys[t]);
    return step(t + 1, x);
  };
  return step(0, 0);
};
Infer({method: 'SMC', particles: ${n}}, model).normalizationConstant;`;
const webpplCompiled = new Map<number, unknown>();

type Impl = { name: string; run: (n: number, seed: number) => number; maxN: number };
const impls: Impl[] = [
  { name: "plain JS", maxN: 100_000, run: (n, seed) => ssmParticleFilter(ys, n, new Rng(seed)).logZ },
  { name: "Borel unfold", maxN: 100_000, run: (n, seed) => smc(ssmUnfold, [T, 0], unfoldObs, { particles: n, seed, keepTraces: false }).logZ! },
  { name: "Borel program", maxN: 100_000, run: (n, seed) => smc(ssmProgram, [ysVec], {}, { particles: n, seed, keepTraces: false }).logZ! },
  { name: "… per particle", maxN: 10_000, run: (n, seed) => smc(ssmProgram, [ysVec], {}, { particles: n, seed, lockstep: false }).logZ! },
];
if (webppl) {
  const { wp, seed: seedWebppl } = webppl;
  impls.push({
    name: "WebPPL 0.9.15", maxN: 10_000, run: (n, seed) => {
      if (!webpplCompiled.has(n)) webpplCompiled.set(n, wp.compile(webpplCode(n)));
      seedWebppl(seed + 1);
      let out = NaN;
      wp.prepare(webpplCompiled.get(n), (_s, v) => { out = v as number; }).run();
      return out;
    },
  });
}

/** CPU and wall milliseconds of one call. */
function time(f: () => number): { cpu: number; wall: number; value: number } {
  const c0 = process.cpuUsage(), w0 = performance.now();
  const value = f();
  const w1 = performance.now(), c1 = process.cpuUsage(c0);
  return { cpu: (c1.user + c1.system) / 1000, wall: w1 - w0, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm up every implementation (JIT): three runs at the smallest size, as a user's session would have done.
for (const impl of impls) for (let r = 0; r < 3; r++) impl.run(1000, 100 + r);

const sizes = quick ? [1000] : [1000, 10_000, 100_000];
const rows: { impl: string; n: number; cpu: number; wall: number; err: number }[] = [];
for (const n of sizes) {
  const reps = n <= 1000 ? 5 : n <= 10_000 ? 3 : 1;
  for (const impl of impls) {
    if (n > impl.maxN || (n === 100_000 && impl.name === "plain JS" && false)) continue;
    const runs = Array.from({ length: reps }, (_, r) => time(() => impl.run(n, r + 1)));
    const errs = runs.map((r) => Math.abs(r.value - exactLogZ));
    rows.push({ impl: impl.name, n, cpu: median(runs.map((r) => r.cpu)), wall: median(runs.map((r) => r.wall)), err: errs.reduce((a, b) => a + b, 0) / reps });
    const last = rows[rows.length - 1]!;
    console.error(`  ${impl.name} N=${n}: ${last.cpu.toFixed(0)} ms CPU`);
  }
}

const base = (n: number) => rows.find((r) => r.impl === "plain JS" && r.n === n)?.cpu ?? NaN;
console.log(`\nSMC on ssm.json (T = ${T}), exact log Z = ${exactLogZ.toFixed(4)} (Kalman filter)`);
console.log("implementation    particles   CPU ms   wall ms   × plain JS   mean |log Ẑ − log Z|");
for (const r of rows)
  console.log(`${r.impl.padEnd(17)} ${String(r.n).padStart(9)} ${r.cpu.toFixed(0).padStart(8)} ${r.wall.toFixed(0).padStart(9)} ${(r.cpu / base(r.n)).toFixed(1).padStart(12)} ${r.err.toFixed(3).padStart(22)}`);
for (const impl of ["Borel unfold", "Borel program", "plain JS"]) {
  const a = rows.find((r) => r.impl === impl && r.n === 10_000), b = rows.find((r) => r.impl === impl && r.n === 100_000);
  if (a && b) console.log(`scaling ${impl}: 100k / 10k = ${(b.cpu / a.cpu).toFixed(1)}x (target ≤ 12x)`);
}
