// Exact enumeration: the burglary/alarm network (P(burglary | john and mary call), exact.json `alarm`) and, to
// see the cost per explored assignment, a two-state HMM with 10 steps (1024 paths). Borel (`enumerate` on a gen
// model and on the same model as a Borel program — searched depth first in place (the default), by paused
// branching runs on a frontier, and by replay as a gen model is), WebPPL 0.9.15 (`Enumerate`, in this process) and the
// plain-JS loops of bench/baselines/alarm-enumerate.ts. Prints CPU µs per call (the machine is shared), the
// ratio to plain JS and the error against the exact answer. Target (issue 4): within 3x of plain JS. Each case
// is warmed up (≥ 20 calls and 0.3 s) and timed over ≥ `calls` calls and ≥ 0.5 s of CPU, so that the numbers are
// per-call costs after JIT compilation for every implementation alike.
//   npm ci --prefix bench        (once, for WebPPL; without it the WebPPL rows are skipped)
//   npx tsx bench/enumerate.ts
// Reads ../shared/data/bench/exact.json (says so and uses test/fixtures/bench/exact.json when it is missing).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gen } from "../src/trace/dynamic.js";
import { bernoulli } from "../src/dist/bernoulli.js";
import { normal } from "../src/dist/normal.js";
import type { GenerativeFunction } from "../src/trace/gfi.js";
import { enumerate } from "../src/infer/enumerate.js";
import { compileProgram } from "../src/lang/program.js";
import { enumerateAlarm, enumerateHmm } from "./baselines/alarm-enumerate.js";

const here = dirname(fileURLToPath(import.meta.url));
let exactPath = join(here, "..", "..", "shared", "data", "bench", "exact.json");
if (!existsSync(exactPath)) {
  console.log(`bench/enumerate.ts: ${exactPath} is missing (the team's shared data); using test/fixtures/bench/exact.json.`);
  exactPath = join(here, "..", "test", "fixtures", "bench", "exact.json");
}
const exact = JSON.parse(readFileSync(exactPath, "utf8")).alarm as { pBurglary: number };
const hmmYs = [0.3, 1.2, -0.4, 0.9, 1.4, -1.1, 0.2, 0.8, -0.6, 1.0];
const hmmExact = enumerateHmm(hmmYs).pLast;

const alarm = gen((t) => {
  const b = t.sample("burglary", bernoulli(0.001));
  const e = t.sample("earthquake", bernoulli(0.002));
  const a = t.sample("alarm", bernoulli(b ? (e ? 0.95 : 0.94) : e ? 0.29 : 0.001));
  t.sample("johnCalls", bernoulli(a ? 0.9 : 0.05));
  t.sample("maryCalls", bernoulli(a ? 0.7 : 0.01));
}, "alarm");
const hmm = gen((t, ys: number[]) => {
  let z = t.sample(["z", 0], bernoulli(0.5));
  t.observe(["y", 0], normal(z ? 1 : -1, 1), ys[0]);
  for (let k = 1; k < ys.length; k++) {
    z = t.sample(["z", k], bernoulli(z ? 0.9 : 0.1));
    t.observe(["y", k], normal(z ? 1 : -1, 1), ys[k]);
  }
}, "hmm");
const program = compileProgram(`
model alarm() {
  burglary ~ bernoulli(0.001)
  earthquake ~ bernoulli(0.002)
  let pb = if earthquake { 0.95 } else { 0.94 }
  let pn = if earthquake { 0.29 } else { 0.001 }
  alarm ~ bernoulli(if burglary { pb } else { pn })
  observe(bernoulli(if alarm { 0.9 } else { 0.05 }), true)
  observe(bernoulli(if alarm { 0.7 } else { 0.01 }), true)
}`, "alarm.borel");
if (program.errors.length > 0) throw program.errors[0];
const alarmProgram = (program.models as Record<string, GenerativeFunction>).alarm!;
const hmmSource = compileProgram(`
model hmm(ys) {
  z[0] ~ bernoulli(0.5)
  observe(normal(if z[0] { 1 } else { -1 }, 1), ys[0])
  for t in 1..len(ys) {
    z[t] ~ bernoulli(if z[t - 1] { 0.9 } else { 0.1 })
    observe(normal(if z[t] { 1 } else { -1 }, 1), ys[t])
  }
}`, "hmm.borel");
if (hmmSource.errors.length > 0) throw hmmSource.errors[0];
const hmmProgram = (hmmSource.models as Record<string, GenerativeFunction>).hmm!;
const hmmVec = Float64Array.from(hmmYs);
const obs = { johnCalls: true, maryCalls: true };

type WebPPL = { compile(code: string): unknown; prepare(c: unknown, k: (s: unknown, v: unknown) => void): { run(): void } };
let wp: WebPPL | null = null;
try {
  wp = createRequire(join(here, "package.json"))("webppl") as WebPPL;
} catch {
  console.log("bench/enumerate.ts: WebPPL is not installed (run `npm ci --prefix bench`); skipping the WebPPL rows.");
}
const webpplAlarm = `
var d = Infer({method: 'enumerate'}, function() {
  var b = flip(0.001), e = flip(0.002);
  var a = flip(b ? (e ? 0.95 : 0.94) : (e ? 0.29 : 0.001));
  observe(Bernoulli({p: a ? 0.9 : 0.05}), true);
  observe(Bernoulli({p: a ? 0.7 : 0.01}), true);
  return b;
});
Math.exp(d.score(true));`;
const webpplHmm = `
var ys = ${JSON.stringify(hmmYs)};
var d = Infer({method: 'enumerate'}, function() {
  var step = function(k, z) {
    observe(Gaussian({mu: z ? 1 : -1, sigma: 1}), ys[k]);
    return k === ys.length - 1 ? z : step(k + 1, flip(z ? 0.9 : 0.1));
  };
  return step(0, flip(0.5));
});
Math.exp(d.score(true));`;
const runWebppl = (compiled: unknown) => { let v = NaN; wp!.prepare(compiled, (_s, x) => { v = x as number; }).run(); return v; };

type Case = { model: string; impl: string; calls: number; run: () => number; exact: number };
const cases: Case[] = [
  { model: "alarm", impl: "plain JS", calls: 200_000, run: () => enumerateAlarm().pBurglary, exact: exact.pBurglary },
  { model: "alarm", impl: "Borel gen", calls: 2000, run: () => enumerate(alarm, [], obs, { keepTraces: false }).mean("burglary"), exact: exact.pBurglary },
  { model: "alarm", impl: "Borel program", calls: 2000, run: () => enumerate(alarmProgram, [], {}, { keepTraces: false }).mean("burglary"), exact: exact.pBurglary },
  { model: "alarm", impl: "program, paused", calls: 2000, run: () => enumerate(alarmProgram, [], {}, { keepTraces: false, branching: "paused" }).mean("burglary"), exact: exact.pBurglary },
  { model: "hmm T=10", impl: "plain JS", calls: 2000, run: () => enumerateHmm(hmmYs).pLast, exact: hmmExact },
  { model: "hmm T=10", impl: "Borel gen", calls: 5, run: () => enumerate(hmm, [hmmYs], {}, { keepTraces: false }).mean("z/9"), exact: hmmExact },
  { model: "hmm T=10", impl: "Borel program", calls: 5, run: () => enumerate(hmmProgram, [hmmVec], {}, { keepTraces: false }).mean("z/9"), exact: hmmExact },
  { model: "hmm T=10", impl: "program, paused", calls: 5, run: () => enumerate(hmmProgram, [hmmVec], {}, { keepTraces: false, branching: "paused" }).mean("z/9"), exact: hmmExact },
  { model: "hmm T=10", impl: "program, replay", calls: 5, run: () => enumerate(hmmProgram, [hmmVec], {}, { keepTraces: false, branching: false }).mean("z/9"), exact: hmmExact },
];
if (wp) {
  const a = wp.compile(webpplAlarm), h = wp.compile(webpplHmm);
  cases.push({ model: "alarm", impl: "WebPPL 0.9.15", calls: 200, run: () => runWebppl(a), exact: exact.pBurglary });
  cases.push({ model: "hmm T=10", impl: "WebPPL 0.9.15", calls: 5, run: () => runWebppl(h), exact: hmmExact });
}

/** CPU microseconds of this process since `c0`. */
const cpuSince = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return c.user + c.system; };

const rows: { model: string; impl: string; us: number; err: number }[] = [];
for (const c of cases) {
  // Warm up until the JIT has compiled the hot paths (at least 20 calls and 0.3 s of CPU), then time at least
  // `calls` calls and 0.5 s of CPU: a per-call cost, not the compilation of a short run.
  // (The clock is read once per batch of calls: reading it costs more than a call of the plain-JS loop.)
  const batch = Math.max(1, Math.ceil(c.calls / 20));
  const w0 = process.cpuUsage();
  for (let i = 0; i < 20 || cpuSince(w0) < 300_000; i += batch) for (let j = 0; j < batch; j++) c.run();
  let value = NaN, calls = 0;
  const c0 = process.cpuUsage();
  while (calls < c.calls || cpuSince(c0) < 500_000) { for (let j = 0; j < batch; j++) value = c.run(); calls += batch; }
  rows.push({ model: c.model, impl: c.impl, us: cpuSince(c0) / calls, err: Math.abs(value - c.exact) });
}
const base = (model: string) => rows.find((r) => r.model === model && r.impl === "plain JS")!.us;
console.log(`\nExact enumeration (P(burglary | j, m) = ${exact.pBurglary.toFixed(6)}; HMM: P(z_9 | y) = ${hmmExact.toFixed(6)})`);
console.log("model      implementation    CPU µs/call    × plain JS   |error|");
for (const r of rows)
  console.log(`${r.model.padEnd(10)} ${r.impl.padEnd(17)} ${(r.us < 1 ? r.us.toFixed(3) : r.us.toFixed(1)).padStart(11)} ${(r.us / base(r.model)).toFixed(0).padStart(13)}   ${r.err.toExponential(1)}`);
