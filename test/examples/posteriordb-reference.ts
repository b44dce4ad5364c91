// Independent reference posteriors for the posteriordb ports (examples/posteriordb/), computed here in plain
// TypeScript without any of Borel's inference code:
// - `gaussianRegression`: a linear model y ~ normal(Xβ, σ) with independent normal or flat priors on β and any
//   prior on σ. Given σ the posterior of β is Gaussian in closed form; σ is integrated out by quadrature on a
//   fine grid of log σ. Exact up to the quadrature (relative error ≪ 1e-6 here).
// - `importanceReference`: for the nonlinear models, self-normalized importance sampling from a multivariate
//   Student-t (5 degrees of freedom) centred at the posterior mode of the unconstrained log density (found
//   by BFGS), with 1.2² times the inverse Hessian there as its scale matrix. Reports means, sds, their
//   standard errors and the importance ESS; the caller checks the ESS is large.
// Both use their own seeded random numbers (xorshift128+ and Box–Muller), not Borel's.

/** Mean and sd of each named quantity, with the standard error of the mean (0 for quadrature). */
export type Moments = Record<string, { mean: number; sd: number; se: number }>;

// ---------- small dense linear algebra ----------

function cholesky(A: number[][]): number[][] {
  const n = A.length, L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: matrix not positive definite (pivot ${s} at ${i})`);
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  return L;
}

function inverse(A: number[][]): number[][] {
  const n = A.length, L = cholesky(A);
  const inv = A.map(() => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const z = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) { let s = i === c ? 1 : 0; for (let k = 0; k < i; k++) s -= L[i][k] * z[k]; z[i] = s / L[i][i]; }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) { let s = z[i]; for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k]; x[i] = s / L[i][i]; }
    for (let i = 0; i < n; i++) inv[i][c] = x[i];
  }
  return inv;
}

const logDet = (A: number[][]): number => cholesky(A).reduce((s, row, i) => s + 2 * Math.log(row[i]), 0);

// ---------- conjugate linear regression ----------

export interface RegressionSpec {
  X: number[][];
  y: number[];
  /** Prior of each coefficient: [mean, sd], or null for a flat prior. */
  priors: ([number, number] | null)[];
  /** Log prior density of σ > 0 (up to a constant). */
  logPriorSigma: (sigma: number) => number;
  /** Names of the coefficients, in order; σ is reported as `sigmaName`. */
  names: string[];
  sigmaName: string;
}

/** Exact posterior moments of a linear regression, σ integrated by quadrature over log σ. */
export function gaussianRegression(s: RegressionSpec): Moments {
  const p = s.names.length, n = s.y.length;
  const XtX = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => s.X.reduce((a, r) => a + r[i] * r[j], 0)));
  const Xty = Array.from({ length: p }, (_, i) => s.X.reduce((a, r, k) => a + r[i] * s.y[k], 0));
  const yty = s.y.reduce((a, v) => a + v * v, 0);
  const P0 = s.priors.map((q) => (q ? 1 / (q[1] * q[1]) : 0));
  const m0 = s.priors.map((q) => (q ? q[0] : 0));
  const m0Pm0 = m0.reduce((a, m, i) => a + m * m * P0[i], 0);
  const at = (sigma: number) => {
    const s2 = sigma * sigma;
    const Lam = XtX.map((row, i) => row.map((v, j) => v / s2 + (i === j ? P0[i] : 0)));
    const b = Xty.map((v, i) => v / s2 + P0[i] * m0[i]);
    const V = inverse(Lam);
    const m = V.map((row) => row.reduce((a, v, j) => a + v * b[j], 0));
    const bVb = m.reduce((a, v, i) => a + v * b[i], 0);
    const logLik = -n * Math.log(sigma) - yty / (2 * s2) - m0Pm0 / 2 + bVb / 2 - logDet(Lam) / 2;
    return { m, V, logPost: logLik + s.logPriorSigma(sigma) };
  };
  // Locate the bulk of σ's posterior, then integrate on a fine grid of u = log σ around it.
  let best = -Infinity, uBest = 0;
  for (let u = -15; u <= 15; u += 0.01) { const lp = at(Math.exp(u)).logPost + u; if (lp > best) { best = lp; uBest = u; } }
  const grid: { w: number; sigma: number; m: number[]; V: number[][] }[] = [];
  const h = 0.001;
  for (let u = uBest - 4; u <= uBest + 4; u += h) {
    const sigma = Math.exp(u), r = at(sigma);
    grid.push({ w: Math.exp(r.logPost + u - best), sigma, m: r.m, V: r.V });
  }
  const edge = Math.max(grid[0].w, grid[grid.length - 1].w);
  if (edge > 1e-12) throw new Error(`gaussianRegression: the σ grid does not cover the posterior (edge weight ${edge})`);
  const Z = grid.reduce((a, g) => a + g.w, 0);
  const out: Moments = {};
  s.names.forEach((name, i) => {
    const m1 = grid.reduce((a, g) => a + g.w * g.m[i], 0) / Z;
    const m2 = grid.reduce((a, g) => a + g.w * (g.V[i][i] + g.m[i] * g.m[i]), 0) / Z;
    out[name] = { mean: m1, sd: Math.sqrt(m2 - m1 * m1), se: 0 };
  });
  const s1 = grid.reduce((a, g) => a + g.w * g.sigma, 0) / Z;
  const s2 = grid.reduce((a, g) => a + g.w * g.sigma * g.sigma, 0) / Z;
  out[s.sigmaName] = { mean: s1, sd: Math.sqrt(s2 - s1 * s1), se: 0 };
  return out;
}

// ---------- importance sampling around the mode ----------

/** xorshift128+ with Box–Muller normals: the reference's own random numbers. */
class Rand {
  private a: bigint;
  private b: bigint;
  private spare: number | undefined;
  constructor(seed: number) {
    this.a = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n & 0xffffffffffffffffn;
    this.b = (this.a ^ 0x6a09e667f3bcc909n) * 0xbf58476d1ce4e5b9n & 0xffffffffffffffffn;
    for (let i = 0; i < 20; i++) this.uniform();
  }
  uniform(): number {
    let s1 = this.a;
    const s0 = this.b;
    this.a = s0;
    s1 ^= (s1 << 23n) & 0xffffffffffffffffn;
    this.b = s1 ^ s0 ^ (s1 >> 17n) ^ (s0 >> 26n);
    return (Number(((this.b + s0) & 0xffffffffffffffffn) >> 11n) + 0.5) / 2 ** 53;
  }
  normal(): number {
    if (this.spare !== undefined) { const z = this.spare; this.spare = undefined; return z; }
    const r = Math.sqrt(-2 * Math.log(this.uniform())), t = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }
}

function numGrad(f: (x: number[]) => number, x: number[]): number[] {
  return x.map((_, i) => {
    const h = 1e-5 * Math.max(1, Math.abs(x[i]));
    const xp = x.slice(), xm = x.slice();
    xp[i] += h; xm[i] -= h;
    return (f(xp) - f(xm)) / (2 * h);
  });
}

/** The maximum of f by BFGS with a backtracking line search and central-difference gradients. */
function maximize(f: (x: number[]) => number, x0: number[]): number[] {
  const d = x0.length;
  let x = x0.slice(), fx = f(x), g = numGrad(f, x);
  let H = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1e-2 : 0) as number));
  for (let it = 0; it < 2000; it++) {
    const dir = H.map((row) => row.reduce((a, v, j) => a + v * g[j], 0));
    let t = 1, xn = x, fn = -Infinity;
    for (let k = 0; k < 60; k++) {
      xn = x.map((v, i) => v + t * dir[i]);
      fn = f(xn);
      if (Number.isFinite(fn) && fn >= fx + 1e-4 * t * dir.reduce((a, v, i) => a + v * g[i], 0)) break;
      t /= 2;
    }
    if (!(fn >= fx)) break;
    const gn = numGrad(f, xn);
    const s = xn.map((v, i) => v - x[i]), yv = gn.map((v, i) => g[i] - v);   // y = −∇ of −f
    const sy = s.reduce((a, v, i) => a + v * yv[i], 0);
    const done = Math.abs(fn - fx) < 1e-12 && Math.max(...gn.map(Math.abs)) < 1e-6;
    x = xn; fx = fn; g = gn;
    if (done) break;
    if (sy > 1e-14) {
      const Hy = H.map((row) => row.reduce((a, v, j) => a + v * yv[j], 0));
      const yHy = yv.reduce((a, v, i) => a + v * Hy[i], 0);
      H = H.map((row, i) => row.map((v, j) => v + ((sy + yHy) * s[i] * s[j]) / (sy * sy) - (Hy[i] * s[j] + s[i] * Hy[j]) / sy));
    }
  }
  return x;
}

/** The negative Hessian of f at x by central differences of the numerical gradient, symmetrized. */
function negHessian(f: (x: number[]) => number, x: number[]): number[][] {
  const d = x.length;
  const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[i]));
    const xp = x.slice(), xm = x.slice();
    xp[i] += h; xm[i] -= h;
    const gp = numGrad(f, xp), gm = numGrad(f, xm);
    for (let j = 0; j < d; j++) H[i][j] = -(gp[j] - gm[j]) / (2 * h);
  }
  return H.map((row, i) => row.map((v, j) => (v + H[j][i]) / 2));
}

export interface ImportanceSpec {
  /** Log posterior density of the unconstrained vector, Jacobians included (up to a constant). */
  logDensity: (z: number[]) => number;
  /** A starting point for the mode search. */
  init: number[];
  /** The reported quantities (constrained parameters) as a function of the unconstrained vector. */
  quantities: (z: number[]) => Record<string, number>;
  draws: number;
  seed: number;
}

/** Self-normalized importance sampling from a Student-t(5) at the Laplace approximation. */
export function importanceReference(s: ImportanceSpec): { moments: Moments; ess: number } {
  const d = s.init.length, nu = 5;
  const mode = maximize(s.logDensity, s.init);
  const cov = inverse(negHessian(s.logDensity, mode)).map((row) => row.map((v) => v * 1.44));
  const L = cholesky(cov);
  const rng = new Rand(s.seed);
  const logW: number[] = [], qs: Record<string, number>[] = [];
  for (let n = 0; n < s.draws; n++) {
    const e = Array.from({ length: d }, () => rng.normal());
    let chi = 0;
    for (let k = 0; k < nu; k++) { const v = rng.normal(); chi += v * v; }
    const scale = Math.sqrt(nu / chi);
    const z = mode.map((m, i) => m + scale * L[i].reduce((a, v, j) => a + (j <= i ? v * e[j] : 0), 0));
    const q2 = e.reduce((a, v) => a + v * v, 0) * scale * scale;          // Mahalanobis distance²
    const logQ = (-(nu + d) / 2) * Math.log1p(q2 / nu);                   // t density up to a constant
    const lp = s.logDensity(z);
    logW.push(Number.isFinite(lp) ? lp - logQ : -Infinity);
    qs.push(s.quantities(z));
  }
  const mx = logW.reduce((a, v) => Math.max(a, v), -Infinity);
  const w = logW.map((v) => Math.exp(v - mx));
  const W = w.reduce((a, v) => a + v, 0);
  const ess = W * W / w.reduce((a, v) => a + v * v, 0);
  const moments: Moments = {};
  for (const name of Object.keys(qs[0])) {
    const mean = qs.reduce((a, q, i) => a + w[i] * q[name], 0) / W;
    const varr = qs.reduce((a, q, i) => a + w[i] * (q[name] - mean) ** 2, 0) / W;
    // The delta-method standard error of a self-normalized estimate: √(Σ w² (q − mean)²) / Σ w.
    const se = Math.sqrt(qs.reduce((a, q, i) => a + w[i] * w[i] * (q[name] - mean) ** 2, 0)) / W;
    moments[name] = { mean, sd: Math.sqrt(varr), se };
  }
  return { moments, ess };
}

// ---------- random-walk Metropolis, for posteriors importance sampling cannot reach ----------

export interface MetropolisSpec {
  logDensity: (z: number[]) => number;
  init: number[];
  quantities: (z: number[]) => Record<string, number>;
  /** Iterations per chain after the adaptation phase (which is as long again). */
  iterations: number;
  chains: number;
  seed: number;
}

/**
 * Random-walk Metropolis with a Gaussian proposal of covariance 2.38²/d times the posterior covariance,
 * estimated during an adaptation phase (Haario et al.; adaptation stops before the kept iterations, so the
 * kept chain is an ordinary Metropolis chain). Standard errors by batch means (50 batches per chain).
 */
export function metropolisReference(s: MetropolisSpec): { moments: Moments; rhat: number } {
  const d = s.init.length, rng = new Rand(s.seed);
  const perChain: Record<string, number[]>[] = [];
  for (let c = 0; c < s.chains; c++) {
    let z = s.init.map((v) => v + 0.1 * rng.normal()), lp = s.logDensity(z);
    let L = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 0.1 : 0) as number));
    const mean = new Array<number>(d).fill(0), S = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    let count = 0;
    const kept: Record<string, number[]> = {};
    for (let it = 0; it < 2 * s.iterations; it++) {
      const adapting = it < s.iterations;
      if (adapting && it >= 2000 && it % 1000 === 0) {
        try { L = cholesky(S.map((row, i) => row.map((v, j) => (v / count) * (2.38 * 2.38 / d) + (i === j ? 1e-10 : 0)))); } catch { /* keep the old one */ }
      }
      const e = Array.from({ length: d }, () => rng.normal());
      const prop = z.map((v, i) => v + L[i].reduce((a, l, j) => a + (j <= i ? l * e[j] : 0), 0));
      const lq = s.logDensity(prop);
      if (Number.isFinite(lq) && Math.log(rng.uniform()) < lq - lp) { z = prop; lp = lq; }
      if (adapting && it >= s.iterations / 4) {        // Welford over the second part of the adaptation
        count++;
        const delta = z.map((v, i) => v - mean[i]);
        for (let i = 0; i < d; i++) mean[i] += delta[i] / count;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i][j] += delta[i] * (z[j] - mean[j]);
      }
      if (!adapting) for (const [k, v] of Object.entries(s.quantities(z))) (kept[k] ??= []).push(v);
    }
    perChain.push(kept);
  }
  const moments: Moments = {};
  let rhat = 1;
  for (const name of Object.keys(perChain[0])) {
    const all = perChain.flatMap((c) => c[name]);
    const mean = all.reduce((a, v) => a + v, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, v) => a + (v - mean) ** 2, 0) / (all.length - 1));
    const batchMeans = perChain.flatMap((c) => {
      const b = Math.floor(c[name].length / 50);
      return Array.from({ length: 50 }, (_, k) => c[name].slice(k * b, (k + 1) * b).reduce((a, v) => a + v, 0) / b);
    });
    const bm = batchMeans.reduce((a, v) => a + v, 0) / batchMeans.length;
    const se = Math.sqrt(batchMeans.reduce((a, v) => a + (v - bm) ** 2, 0) / (batchMeans.length - 1) / batchMeans.length);
    moments[name] = { mean, sd, se };
    // Between/within chain variance (plain R-hat) to confirm the chains agree.
    const cm = perChain.map((c) => c[name].reduce((a, v) => a + v, 0) / c[name].length);
    const n = perChain[0][name].length;
    const W = perChain.reduce((a, c, k) => a + c[name].reduce((b, v) => b + (v - cm[k]) ** 2, 0) / (n - 1), 0) / perChain.length;
    const B = (n * cm.reduce((a, v) => a + (v - mean) ** 2, 0)) / (perChain.length - 1);
    rhat = Math.max(rhat, Math.sqrt(((n - 1) / n * W + B / n) / W));
  }
  return { moments, rhat };
}

// ---------- log densities used by the references ----------

export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
export const normalLpdf = (x: number, mu: number, sigma: number): number => -0.5 * ((x - mu) / sigma) ** 2 - Math.log(sigma) - LOG_SQRT_2PI;
export const logSumExp = (a: number, b: number): number => (a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b)));
/** log of the logistic function, stable for large |x|. */
export const logInvLogit = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
