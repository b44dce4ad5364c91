// Issue 7 benchmark (c): small tabular binary classification. The PFN trained on the Borel prior of
// src/pfn/priors/tabular.ts (logistic-regression and random-MLP tasks, 2 features; bench/pfn-train.ts tabular)
// against L2 logistic regression and kNN, both tuned by cross-validated log-loss on the training rows:
// log-loss, AUC and expected calibration error on --datasets held-out prior datasets per n (100 query rows
// each) and on moons / circles / XOR (features standardized with the training rows; 500 test points),
// for the PFN in f32, int8 and int4 (GPTQ). Target: PFN log-loss ≤ logistic regression's for n ≤ 50 on the
// held-out prior datasets.
//   npx tsx bench/pfn-tabular.ts [--weights tmp/pfn-bench/tabular/tabular.f32.pfn] [--datasets 200] [--reps 10]
import { Rng } from "../src/rand/rng.js";
import { simulateDataset } from "../src/pfn/prior.js";
import { tabularPrior } from "../src/pfn/priors/tabular.js";
import { loadPFN, type PFN } from "../src/pfn/pfn.js";
import { quantizeFromPrior } from "../src/pfn/calibrate.js";
import type { ClassPrediction } from "../src/pfn/class-prediction.js";
import { arg, load, medianMs, table } from "./pfn-lib.js";
import { auc, ece, logLoss, standardize, toy, tunedKnn, tunedLogistic, type Rows } from "./pfn-baselines.js";

const weights = arg("weights", "tmp/pfn-bench/tabular/tabular.f32.pfn"), ND = Number(arg("datasets", "200")), REPS = Number(arg("reps", "10"));
const base = loadPFN(weights), prior = tabularPrior();
const t0 = performance.now();
console.log(`# PFN benchmark (c): tabular binary classification; load average ${load()}`);
console.log(`training: ${JSON.stringify(base.config.training)}; d=${base.config.d} layers=${base.config.layers}\n`);
const pfns: [string, PFN][] = [["f32", base], ["int8", base.quantize("int8")], ["int4", quantizeFromPrior(base, prior, "int4", { datasets: 32, seed: 7 })]];

type Method = (X: Rows, y: number[], Xt: Rows) => number[];
const pfnMethod = (p: PFN): Method => (X, y, Xt) => (p.predict({ x: X, y }, Xt) as ClassPrediction[]).map((d) => d.prob(1));
const methods: [string, Method][] = [
  ...pfns.map(([n, p]): [string, Method] => [`PFN ${n}`, pfnMethod(p)]),
  ["logistic (CV)", (X, y, Xt) => { const m = tunedLogistic(X, y); return Xt.map(m); }],
  ["kNN (CV)", (X, y, Xt) => { const m = tunedKnn(X, y); return Xt.map(m); }],
];

function score(tasks: { X: Rows; y: number[]; Xt: Rows; yt: number[] }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, f] of methods) {
    let ll = 0, a = 0, na = 0, e = 0;
    for (const t of tasks) {
      const p = f(t.X, t.y, t.Xt);
      ll += logLoss(p, t.yt); e += ece(p, t.yt);
      const v = auc(p, t.yt);
      if (!Number.isNaN(v)) { a += v; na++; }
    }
    out.set(name, [ll / tasks.length, a / Math.max(na, 1), e / tasks.length]);
  }
  return out;
}

const rows: (string | number)[][] = [];
for (const n of [10, 20, 50, 100]) {
  const rng = new Rng(2024, `tab-test/${n}`), tasks = [];
  for (let i = 0; i < ND; i++) {
    const ds = simulateDataset(prior, n + 100, rng, { inputs: "x", outputs: "y" });
    const X = Array.from({ length: n + 100 }, (_, r) => [ds.x[2 * r], ds.x[2 * r + 1]]), y = [...ds.y];
    if (y.slice(0, n).every((v) => v === y[0])) { i--; continue; }   // both classes in the training rows
    tasks.push({ X: X.slice(0, n), y: y.slice(0, n), Xt: X.slice(n), yt: y.slice(n) });
  }
  const s = score(tasks), lr = s.get("logistic (CV)")![0];
  for (const [name, [ll, a, e]] of s) rows.push([`prior n=${n}`, name, ll, a, e, name.startsWith("PFN") && n <= 50 ? (ll <= lr ? "met" : "missed") : ""]);
}
for (const kind of ["moons", "circles", "xor"] as const) for (const n of [20, 50, 100]) {
  const rng = new Rng(7, `${kind}/${n}`), tasks = [];
  for (let r = 0; r < REPS; r++) {
    const tr = toy(kind, n, rng), te = toy(kind, 500, rng), [X, Xt] = standardize(tr.X, te.X);
    if (tr.y.every((v) => v === tr.y[0])) { r--; continue; }
    tasks.push({ X, y: tr.y, Xt, yt: te.y });
  }
  for (const [name, [ll, a, e]] of score(tasks)) rows.push([`${kind} n=${n}`, name, ll, a, e, ""]);
}
console.log(table(["data", "method", "log-loss", "AUC", "ECE", "target (≤ LR, n ≤ 50)"], rows));

const rng = new Rng(5), ds = simulateDataset(prior, 150, rng, { inputs: "x", outputs: "y" });
const X = Array.from({ length: 150 }, (_, r) => [ds.x[2 * r], ds.x[2 * r + 1]]);
console.log(`\nlatency, 50 context + 100 query rows (median of 21; load average ${load()}):`);
console.log(table(["method", "ms"], [
  ...pfns.map(([n, p]) => [`PFN ${n}`, medianMs(() => p.predict({ x: X.slice(0, 50), y: [...ds.y.subarray(0, 50)] }, X.slice(50)))]),
  ["logistic (CV)", medianMs(() => tunedLogistic(X.slice(0, 50), [...ds.y.subarray(0, 50)]), 5)],
  ["kNN (CV)", medianMs(() => { const m = tunedKnn(X.slice(0, 50), [...ds.y.subarray(0, 50)]); X.slice(50).map(m); }, 5)],
]));
console.log(`\nbenchmark wall time ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load()}`);
