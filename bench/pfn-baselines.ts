// Baselines and metrics of the tabular PFN benchmark (bench/pfn-tabular.ts): L2-regularized logistic
// regression fit by Newton's method, k-nearest neighbours, both tuned by cross-validated log-loss on the
// training rows; log-loss, AUC (rank statistic) and expected calibration error (10 equal-width bins); the
// moons / circles / XOR generators.
import type { Rng } from "../src/rand/rng.js";

export type Rows = number[][];
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const clip = (p: number): number => Math.min(1 - 1e-6, Math.max(1e-6, p));

/** Logistic regression with penalty λ‖w‖² (intercept unpenalized), Newton iterations. */
export function fitLogistic(X: Rows, y: number[], lambda: number): (x: number[]) => number {
  const D = X[0].length + 1, w = new Float64Array(D);
  const feat = (x: number[]) => [1, ...x];
  for (let it = 0; it < 50; it++) {
    const g = new Float64Array(D), H = Array.from({ length: D }, () => new Float64Array(D));
    X.forEach((x, i) => {
      const f = feat(x), p = sigmoid(f.reduce((s, v, j) => s + v * w[j], 0)), r = p * (1 - p);
      for (let a = 0; a < D; a++) { g[a] += (p - y[i]) * f[a]; for (let b = 0; b < D; b++) H[a][b] += r * f[a] * f[b]; }
    });
    for (let a = 1; a < D; a++) { g[a] += 2 * lambda * w[a]; H[a][a] += 2 * lambda; }
    H[0][0] += 1e-8;
    const step = solve(H, g);
    let mx = 0;
    for (let a = 0; a < D; a++) { w[a] -= step[a]; mx = Math.max(mx, Math.abs(step[a])); }
    if (mx < 1e-8) break;
  }
  return (x) => sigmoid(feat(x).reduce((s, v, j) => s + v * w[j], 0));
}

function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length, M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) if (r !== c) { const f = M[r][c] / M[c][c]; for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k]; }
  }
  return Float64Array.from(M.map((r, i) => r[n] / r[i]));
}

/** kNN class-1 probability with add-one smoothing, (count + 1)/(k + 2). */
export function fitKnn(X: Rows, y: number[], k: number): (x: number[]) => number {
  return (x) => {
    const d = X.map((r, i) => [r.reduce((s, v, j) => s + (v - x[j]) ** 2, 0), y[i]]).sort((a, b) => a[0] - b[0]);
    const kk = Math.min(k, d.length);
    let c = 0;
    for (let i = 0; i < kk; i++) c += d[i][1];
    return (c + 1) / (kk + 2);
  };
}

export const logLoss = (p: number[], y: number[]): number => -p.reduce((s, pi, i) => s + (y[i] ? Math.log(clip(pi)) : Math.log(clip(1 - pi))), 0) / p.length;

/** Mean held-out log-loss of `fit` over `folds` folds (leave-one-out when folds ≥ rows). */
function cvLoss(X: Rows, y: number[], folds: number, fit: (X: Rows, y: number[]) => (x: number[]) => number): number {
  const n = X.length, F = Math.min(folds, n), p: number[] = [], t: number[] = [];
  for (let f = 0; f < F; f++) {
    const tr = X.map((_, i) => i).filter((i) => i % F !== f), te = X.map((_, i) => i).filter((i) => i % F === f);
    if (tr.length === 0) continue;
    const m = fit(tr.map((i) => X[i]), tr.map((i) => y[i]));
    te.forEach((i) => { p.push(m(X[i])); t.push(y[i]); });
  }
  return logLoss(p, t);
}

export function tunedLogistic(X: Rows, y: number[]): (x: number[]) => number {
  const grid = [1e-3, 1e-2, 0.1, 1, 10];
  const best = grid.map((l) => [cvLoss(X, y, 5, (a, b) => fitLogistic(a, b, l)), l]).sort((a, b) => a[0] - b[0])[0][1];
  return fitLogistic(X, y, best);
}

export function tunedKnn(X: Rows, y: number[]): (x: number[]) => number {
  const grid = [1, 3, 5, 7, 9, 15, 25].filter((k) => k < X.length);
  const best = grid.map((k) => [cvLoss(X, y, X.length, (a, b) => fitKnn(a, b, k)), k]).sort((a, b) => a[0] - b[0])[0]?.[1] ?? 1;
  return fitKnn(X, y, best);
}

export function auc(p: number[], y: number[]): number {
  const idx = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  let rank = 0, sumPos = 0, nPos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && p[idx[j]] === p[idx[i]]) j++;
    const r = (i + j + 1) / 2;   // average rank of ties (1-based)
    for (let k = i; k < j; k++) if (y[idx[k]]) { sumPos += r; nPos++; }
    rank = j; i = j;
  }
  const nNeg = rank - nPos;
  return nPos === 0 || nNeg === 0 ? NaN : (sumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function ece(p: number[], y: number[], bins = 10): number {
  const s = new Float64Array(bins), c = new Float64Array(bins), n = new Float64Array(bins);
  p.forEach((pi, i) => { const b = Math.min(bins - 1, Math.floor(pi * bins)); s[b] += pi; c[b] += y[i]; n[b]++; });
  let e = 0;
  for (let b = 0; b < bins; b++) if (n[b]) e += Math.abs(s[b] - c[b]);
  return e / p.length;
}

/** 2-D toy generators: label 0/1 and points (before standardization). */
export function toy(kind: "moons" | "circles" | "xor", n: number, rng: Rng): { X: Rows; y: number[] } {
  const X: Rows = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const lab = rng.double() < 0.5 ? 0 : 1, t = Math.PI * rng.double();
    let p: number[];
    if (kind === "moons") p = lab ? [1 - Math.cos(t), 0.5 - Math.sin(t)] : [Math.cos(t), Math.sin(t)];
    else if (kind === "circles") { const a = 2 * Math.PI * rng.double(), r = lab ? 0.5 : 1; p = [r * Math.cos(a), r * Math.sin(a)]; }
    else { const u = [2 * rng.double() - 1, 2 * rng.double() - 1]; p = u; y.push(u[0] * u[1] > 0 ? 1 : 0); X.push(p.map((v) => v + 0.1 * rng.normal())); continue; }
    X.push(p.map((v) => v + (kind === "moons" ? 0.2 : 0.1) * rng.normal()));
    y.push(lab);
  }
  return { X, y };
}

/** Standardizes columns with the training rows' mean and sd. */
export function standardize(train: Rows, test: Rows): [Rows, Rows] {
  const D = train[0].length, m = Array(D).fill(0), s = Array(D).fill(0);
  for (const r of train) r.forEach((v, j) => (m[j] += v / train.length));
  for (const r of train) r.forEach((v, j) => (s[j] += (v - m[j]) ** 2 / train.length));
  const f = (r: number[]) => r.map((v, j) => (v - m[j]) / (Math.sqrt(s[j]) || 1));
  return [train.map(f), test.map(f)];
}
