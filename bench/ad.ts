// Gradient cost of a Gaussian log-likelihood Σ log N(y_i; mu, sigma) in (mu, log sigma), in Borel's AD:
// a scalar loop (one node per op per point) and the vectorized form (one fused node), against a
// hand-written analytic gradient. Target (issue 2): vectorized within 3x of the analytic gradient.
//   npx tsx bench/ad.ts
import { m } from "../src/ad/math.js";
import { gradient } from "../src/ad/grad.js";
import { Tape, type Real } from "../src/ad/var.js";
import { normal } from "../src/dist/normal.js";
import { Rng } from "../src/rand/rng.js";

function data(n: number): Float64Array {
  const r = new Rng(1);
  return Float64Array.from({ length: n }, () => 1 + 2 * r.normal());
}

function analytic(ys: Float64Array, theta: Float64Array, out: Float64Array): number {
  const mu = theta[0], s = Math.exp(theta[1]);
  let lp = 0, gmu = 0, gs = 0;
  const inv = 1 / s, logs = theta[1], c = 0.5 * Math.log(2 * Math.PI);
  for (let i = 0; i < ys.length; i++) {
    const z = (ys[i] - mu) * inv;
    lp += -0.5 * z * z - logs - c;
    gmu += z * inv;
    gs += z * z - 1;
  }
  out[0] = gmu; out[1] = gs;
  return lp;
}

const scalarLoop = (ys: Float64Array) => (th: Real): Real => {
  const mu = m.index(th, 0), s = m.exp(m.index(th, 1));
  let lp: Real = 0;
  for (let i = 0; i < ys.length; i++) lp = m.add(lp, normal(mu, s).logpdfAD(ys[i]));
  return lp;
};

const vectorized = (ys: Float64Array) => (th: Real): Real => normal(m.index(th, 0), m.exp(m.index(th, 1))).logpdfAD(ys);

/** µs per call: the median of 7 windows of ≥ 100 ms after a 200 ms warm-up (robust to a GC pause or a re-tiering in one window). */
function time(f: () => void): number {
  const window = (ms: number): number => {
    let reps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) { for (let i = 0; i < 50; i++) f(); reps += 50; t = performance.now(); }
    return ((t - t0) / reps) * 1000;
  };
  window(200);
  const ws = Array.from({ length: 7 }, () => window(100)).sort((a, b) => a - b);
  return ws[3];
}

console.log("n       analytic µs   AD vectorized µs  (ratio)   AD scalar loop µs  (ratio)");
for (const n of [100, 10_000]) {
  const ys = data(n), theta = new Float64Array([0.8, 0.6]), out = new Float64Array(2), tape = new Tape();
  const fv = vectorized(ys), fs = scalarLoop(ys);
  // Same numbers from all three (sanity).
  const a = analytic(ys, theta, out), v = gradient(fv, theta, tape), s = gradient(fs, theta, tape);
  if (Math.abs(a - v.value) > 1e-8 * Math.abs(a) || Math.abs(out[0] - v.grad[0]) > 1e-6 * Math.max(1, Math.abs(out[0])) || Math.abs(s.grad[1] - v.grad[1]) > 1e-6 * Math.max(1, Math.abs(out[1])))
    throw new Error("gradients disagree");
  const ta = time(() => analytic(ys, theta, out));
  const tv = time(() => gradient(fv, theta, tape));
  const ts = time(() => gradient(fs, theta, tape));
  console.log(`${String(n).padEnd(7)} ${ta.toFixed(2).padStart(11)} ${tv.toFixed(2).padStart(18)}  (${(tv / ta).toFixed(2)}x) ${ts.toFixed(2).padStart(19)}  (${(ts / ta).toFixed(1)}x)`);
}
console.log("target: vectorized within 3x of analytic");
