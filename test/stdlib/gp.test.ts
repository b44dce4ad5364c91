// stdlib/models/gp: the RBF kernel entries, conjugate-gradient solves and the posterior mean against dense
// linear algebra here; the fixed-hyperparameter model's log Z (no latent choice: one importance particle is
// exact) against the Gaussian log density computed by Cholesky.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, close, compile, query, solve } from "./helpers.js";

const xs = [-1.5, -0.4, 0.3, 1.1, 2.4];
const ys = [0.6, -0.2, 0.1, 0.9, -0.5];
const zs = [0, 3];
const ls = 0.9, variance = 1.4, noise = 0.3;
const k = (a: number, b: number) => variance * Math.exp(-0.5 * ((a - b) / ls) ** 2);
const K = xs.map((a, i) => xs.map((b, j) => k(a, b) + (i === j ? noise * noise : 0)));

const prog = compile(`
import "stdlib/models/gp"
let xs = vector(${JSON.stringify(xs)})
let ys = vector(${JSON.stringify(ys)})
query gp_marginal(xs, ys, ${ls}, ${variance}, ${noise}) using importance(particles: 1)
`);

const rows = (m: { rows: number; cols: number; data: Float64Array }) => Array.from({ length: m.rows }, (_, i) => [...m.data.subarray(i * m.cols, (i + 1) * m.cols)]);

test("rbf_kernel and add_diagonal: variance · exp(−d²/2ℓ²), plus the noise on the diagonal", () => {
  const M = rows(call(prog, "add_diagonal", call(prog, "rbf_kernel", prog.values.xs, ls, variance), noise * noise) as never);
  M.forEach((row, i) => row.forEach((v, j) => close(v, K[i][j], 1e-14, `K[${i}][${j}]`)));
});

test("solve_spd solves K x = y (conjugate gradients) as Gaussian elimination does", () => {
  const Km = call(prog, "add_diagonal", call(prog, "rbf_kernel", prog.values.xs, ls, variance), noise * noise);
  const x = call(prog, "solve_spd", Km, prog.values.ys) as Float64Array;
  solve(K, ys).forEach((v, i) => close(x[i], v, 1e-8, `x[${i}]`));
});

test("gp_posterior_mean is k(zs, xs) K⁻¹ y", () => {
  const alpha = solve(K, ys);
  const mean = call(prog, "gp_posterior_mean", prog.values.xs, prog.values.ys, new Float64Array(zs), ls, variance, noise) as Float64Array;
  assert.equal(mean.length, zs.length);
  zs.forEach((z, j) => close(mean[j], xs.reduce((s, x, i) => s + k(z, x) * alpha[i], 0), 1e-8, `mean at ${z}`));
});

test("gp_marginal: log Z is the log density of ys under N(0, K + σ²I)", async () => {
  // Cholesky K = L L'; log N(y; 0, K) = −½ |L⁻¹y|² − Σ log L_ii − (n/2) log 2π.
  const n = xs.length, L = K.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = K[i][j];
    for (let c = 0; c < j; c++) s -= L[i][c] * L[j][c];
    L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
  }
  const u = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) { let s = ys[i]; for (let c = 0; c < i; c++) s -= L[i][c] * u[c]; u[i] = s / L[i][i]; }
  const expected = -0.5 * u.reduce((s, v) => s + v * v, 0) - L.reduce((s, row, i) => s + Math.log(row[i]), 0) - (n / 2) * Math.log(2 * Math.PI);
  close((await query(prog, 0)).logZ!, expected, 1e-10, "log Z");
});
