// Issue 7 benchmark (a): 1-D GP regression (x ~ U[0,1], RBF lengthscale 0.2, signal sd 1, noise sd 0.1).
// For n ∈ {1,2,5,10,20,50}: --datasets test datasets per n (default 3000) simulated from the Borel prior
// (src/pfn/priors/gp.ts) with n context rows and --queries query rows each; NLL per query point of the PFN's
// bar-distribution predictive minus that of the exact GP predictive (computed in Borel, gpPredictive),
// coverage of the central 50/80/95% intervals, for f32, int8 (outlier split at 6) and int4 (GPTQ calibrated
// on prior activations); latency of 50 context + 50 query points; and the gap against training time over the
// snapshots of bench/pfn-gp-train.ts.
//   npx tsx bench/pfn-gp.ts [--dir tmp/pfn-bench/gp] [--datasets 3000] [--queries 10] [--snapshot-datasets 300]
// Needs the weights from bench/pfn-gp-train.ts (<dir>/gp1d.f32.pfn); falls back to examples/pfn/gp1d.int8.pfn
// (int8 only) when the f32 file is missing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../src/rand/rng.js";
import { normalLogpdf } from "../src/math/normal.js";
import { gpPredictive, gpPrior } from "../src/pfn/priors/gp.js";
import { simulateDataset } from "../src/pfn/prior.js";
import { loadPFN, type PFN } from "../src/pfn/pfn.js";
import { quantizeFromPrior } from "../src/pfn/calibrate.js";
import type { BarDistribution } from "../src/pfn/bar-distribution.js";
import { arg, load, medianMs, stderr, table } from "./pfn-lib.js";

const dir = arg("dir", "tmp/pfn-bench/gp"), ND = Number(arg("datasets", "3000")), Q = Number(arg("queries", "10"));
const SNAP_ND = Number(arg("snapshot-datasets", "300"));
const NS = [1, 2, 5, 10, 20, 50], LEVELS = [0.5, 0.8, 0.95];
const gp = gpPrior();

interface TestSet { n: number; ctx: { x: number[]; y: number[] }[]; xq: number[][]; yq: number[][]; exactNll: Float64Array }

function testSet(n: number, count: number): TestSet {
  const rng = new Rng(12345, `gp-test/${n}`), ctx = [], xq = [], yq = [], nll: number[] = [];
  for (let i = 0; i < count; i++) {
    const ds = simulateDataset(gp, n + Q, rng, { inputs: "x", outputs: "y" });
    const c = { x: [...ds.x.subarray(0, n)], y: [...ds.y.subarray(0, n)] }, qx = [...ds.x.subarray(n)], qy = [...ds.y.subarray(n)];
    const ex = gpPredictive(c.x, c.y, qx);
    qy.forEach((y, j) => nll.push(-normalLogpdf(y, ex.mean[j], Math.sqrt(ex.variance[j]))));
    ctx.push(c); xq.push(qx); yq.push(qy);
  }
  return { n, ctx, xq, yq, exactNll: Float64Array.from(nll) };
}

function evaluate(pfn: PFN, ts: TestSet, count = ts.ctx.length): { gap: number; se: number; nll: number; cover: number[] } {
  const diffs: number[] = [], hits = LEVELS.map(() => 0);
  let nll = 0, k = 0;
  for (let i = 0; i < count; i++) {
    const preds = pfn.predict(ts.ctx[i], ts.xq[i]) as BarDistribution[];
    preds.forEach((d, j) => {
      const y = ts.yq[i][j], l = d.nll(y);
      nll += l; diffs.push(l - ts.exactNll[i * Q + j]);
      LEVELS.forEach((lv, t) => { const [a, b] = d.interval(lv); if (y >= a && y <= b) hits[t]++; });
      k++;
    });
  }
  return { gap: diffs.reduce((a, b) => a + b, 0) / k, se: stderr(diffs), nll: nll / k, cover: hits.map((h) => (100 * h) / k) };
}

const f32Path = join(dir, "gp1d.f32.pfn");
const base = existsSync(f32Path) ? loadPFN(f32Path) : loadPFN("examples/pfn/gp1d.int8.pfn");
console.log(`# PFN benchmark (a): 1-D GP regression — ${ND} datasets × ${Q} query points per n; load average ${load()}`);
console.log(`training: ${JSON.stringify(base.config.training)}; architecture d=${base.config.d} layers=${base.config.layers} heads=${base.config.heads} buckets=${base.config.outputsWidth}\n`);
const t0 = performance.now();
const sets = NS.map((n) => testSet(n, ND));
console.log(`exact GP NLL per point: ${sets.map((s) => `n=${s.n} ${(s.exactNll.reduce((a, b) => a + b, 0) / s.exactNll.length).toFixed(3)}`).join(", ")}  (${((performance.now() - t0) / 1000).toFixed(0)} s to simulate)\n`);

const formats: [string, PFN][] = base.params
  ? [["f32", base], ["int8", base.quantize("int8")], ["int4", quantizeFromPrior(base, gp, "int4", { datasets: 32, seed: 7 })]]
  : [[base.format, base]];
const results = new Map<string, ReturnType<typeof evaluate>[]>();
for (const [name, p] of formats) results.set(name, sets.map((s) => evaluate(p, s)));

const rows: (string | number)[][] = [];
sets.forEach((s, i) => {
  for (const [name] of formats) {
    const r = results.get(name)![i];
    rows.push([s.n, name, r.nll, r.gap, r.se, ...r.cover, s.n <= 20 ? (r.gap <= 0.1 ? "met" : "missed") : r.gap <= 0.2 ? "met" : "missed"]);
  }
});
console.log(table(["n", "format", "PFN NLL", "gap vs exact", "± se", "cov 50%", "cov 80%", "cov 95%", "gap target"], rows));

if (results.has("int8")) {
  const extra = sets.map((_, i) => results.get("int8")![i].nll - results.get("f32")![i].nll);
  console.log(`\nint8 − f32 NLL per n: ${extra.map((e) => e.toFixed(4)).join(", ")} (target ≤ 0.005: ${extra.every((e) => e <= 0.005) ? "met" : "missed"})`);
  const extra4 = sets.map((_, i) => results.get("int4")![i].nll - results.get("f32")![i].nll);
  console.log(`int4 − f32 NLL per n: ${extra4.map((e) => e.toFixed(4)).join(", ")}`);
}

const rng = new Rng(99), lat = simulateDataset(gp, 100, rng, { inputs: "x", outputs: "y" });
const lctx = { x: [...lat.x.subarray(0, 50)], y: [...lat.y.subarray(0, 50)] }, lq = [...lat.x.subarray(50)];
console.log(`\nlatency, 50 context + 50 query points (median of 21; load average ${load()}):`);
console.log(table(["format", "ms", "weights bytes", "target ≤ 10 ms"], formats.map(([name, p]) => {
  const ms = medianMs(() => p.predict(lctx, lq));
  return [name, ms, p.bytes, ms <= 10 ? "met" : "missed"];
})));

const snapFile = join(dir, "snapshots.json");
if (SNAP_ND > 0 && existsSync(snapFile)) {   // --snapshot-datasets 0 skips the table
  const snaps = JSON.parse(readFileSync(snapFile, "utf8")) as { file: string; steps: number; cpuSeconds: number; seconds: number }[];
  const srows: (string | number)[][] = [];
  for (const s of snaps) {
    const p = loadPFN(join(dir, s.file));
    srows.push([s.steps, (s.cpuSeconds / 60).toFixed(1), (s.seconds / 60).toFixed(1), ...sets.map((t) => evaluate(p, t, Math.min(SNAP_ND, ND)).gap)]);
  }
  console.log(`\ngap vs training time (f32, first ${Math.min(SNAP_ND, ND)} datasets per n):`);
  console.log(table(["steps", "CPU min", "wall min", ...NS.map((n) => `n=${n}`)], srows));
}
console.log(`\nbenchmark wall time ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load()}`);
