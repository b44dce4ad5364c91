// The posteriordb ports (examples/posteriordb/*.borel) and their independent references, shared by
// posteriordb.slow.test.ts (all of them) and posteriordb.test.ts (one fast model). Each case names its
// program, its data file (examples/data/posteriordb/, passed as `--data data=FILE` — the programs are the
// model, the data come separately as in Stan) and computes the reference posterior moments of the summary
// rows it checks, keyed as the CLI's summary names them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, type QueryJson } from "../cli/run-cli.js";
import {
  gaussianRegression, importanceReference, logInvLogit, logSumExp, metropolisReference, normalLpdf, type Moments,
} from "./posteriordb-reference.js";

export interface PosteriordbCase {
  /** examples/posteriordb/<name>.borel */
  name: string;
  /** examples/data/posteriordb/<data>.json */
  data: string;
  reference: () => Moments;
}

const load = (file: string): any => JSON.parse(readFileSync(join(ROOT, "examples/data/posteriordb", `${file}.json`), "utf8"));
const halfCauchy = (s: number) => (x: number) => -Math.log1p((x / s) ** 2);
const sig = (z: number) => 1 / (1 + Math.exp(-z));
const logJacSig = (z: number) => logInvLogit(z) + logInvLogit(-z);   // log σ(z)(1 − σ(z))
const betas = (n: number, name = "beta") => Array.from({ length: n }, (_, k) => `${name}[${k}]`);

/** Checked with importance sampling: fails loudly when the proposal was poor (too few effective draws). */
function viaImportance(spec: Parameters<typeof importanceReference>[0], minEss: number): Moments {
  const r = importanceReference(spec);
  if (r.ess < minEss) throw new Error(`reference importance sampler: ESS ${r.ess.toFixed(0)} < ${minEss}`);
  return r.moments;
}

export const CASES: PosteriordbCase[] = [
  {
    name: "arK", data: "arK-arK",
    reference: () => {
      const d = load("arK-arK");
      const X: number[][] = [], y: number[] = [];
      for (let t = d.K; t < d.T; t++) { X.push([1, ...Array.from({ length: d.K }, (_, k) => d.y[t - k - 1])]); y.push(d.y[t]); }
      return gaussianRegression({ X, y, priors: X[0].map(() => [0, 10] as [number, number]), logPriorSigma: halfCauchy(2.5), names: ["alpha", ...betas(d.K)], sigmaName: "sigma" });
    },
  },
  {
    name: "kidscore_interaction", data: "kidiq-kidscore_interaction",
    reference: () => {
      const d = load("kidiq-kidscore_interaction");
      const X = d.kid_score.map((_: number, i: number) => [1, d.mom_hs[i], d.mom_iq[i], d.mom_hs[i] * d.mom_iq[i]]);
      return gaussianRegression({ X, y: d.kid_score, priors: [null, null, null, null], logPriorSigma: halfCauchy(2.5), names: betas(4), sigmaName: "sigma" });
    },
  },
  {
    name: "kilpisjarvi", data: "kilpisjarvi_mod-kilpisjarvi",
    reference: () => {
      const d = load("kilpisjarvi_mod-kilpisjarvi");
      return gaussianRegression({ X: d.x.map((x: number) => [1, x]), y: d.y, priors: [[d.pmualpha, d.psalpha], [d.pmubeta, d.psbeta]], logPriorSigma: () => 0, names: ["alpha", "beta"], sigmaName: "sigma" });
    },
  },
  {
    name: "logmesquite_logvas", data: "mesquite-logmesquite_logvas",
    reference: () => {
      const d = load("mesquite-logmesquite_logvas");
      const X = d.weight.map((_: number, i: number) => [1, Math.log(d.diam1[i] * d.diam2[i] * d.canopy_height[i]), Math.log(d.diam1[i] * d.diam2[i]),
        Math.log(d.diam1[i] / d.diam2[i]), Math.log(d.total_height[i]), Math.log(d.density[i]), d.group[i]]);
      return gaussianRegression({ X, y: d.weight.map(Math.log), priors: new Array(7).fill(null), logPriorSigma: () => 0, names: betas(7), sigmaName: "sigma" });
    },
  },
  {
    name: "blr", data: "sblrc-blr",
    reference: () => {
      const d = load("sblrc-blr");
      return gaussianRegression({ X: d.X, y: d.y, priors: new Array(d.D).fill([0, 10]), logPriorSigma: (s) => -0.5 * (s / 10) ** 2, names: betas(d.D), sigmaName: "sigma" });
    },
  },
  {
    name: "arma11", data: "arma-arma11",
    reference: () => {
      const d = load("arma-arma11");
      const q = (z: number[]) => ({ mu: z[0], phi: -1 + 2 * sig(z[1]), theta: -1 + 2 * sig(z[2]), sigma: Math.exp(z[3]) });
      return viaImportance({ init: [0, 0, 0, 0], seed: 1, draws: 100000, quantities: q, logDensity: (z) => {
        const { mu, phi, theta, sigma } = q(z);
        let lp = normalLpdf(mu, 0, 10) + normalLpdf(phi, 0, 2) + normalLpdf(theta, 0, 2) - Math.log1p((sigma / 5) ** 2);
        lp += logJacSig(z[1]) + logJacSig(z[2]) + z[3];
        let err = d.y[0] - (mu + phi * mu);
        lp += normalLpdf(err, 0, sigma);
        for (let t = 1; t < d.T; t++) { err = d.y[t] - (mu + phi * d.y[t - 1] + theta * err); lp += normalLpdf(err, 0, sigma); }
        return lp;
      } }, 3000);
    },
  },
  {
    name: "garch11", data: "garch-garch11",
    reference: () => {
      const d = load("garch-garch11");
      const q = (z: number[]) => { const alpha1 = sig(z[2]); return { mu: z[0], alpha0: Math.exp(z[1]), alpha1, beta1: (1 - alpha1) * sig(z[3]) }; };
      return viaImportance({ init: [5, 0, 0, 0], seed: 2, draws: 100000, quantities: q, logDensity: (z) => {
        const { mu, alpha0, alpha1, beta1 } = q(z);
        // Flat priors on (mu, alpha0, alpha1, beta1): only the Jacobians of the maps from z.
        let lp = z[1] + logJacSig(z[2]) + Math.log(1 - alpha1) + logJacSig(z[3]);
        let sigma = d.sigma1;
        lp += normalLpdf(d.y[0], mu, sigma);
        for (let t = 1; t < d.T; t++) { sigma = Math.sqrt(alpha0 + alpha1 * (d.y[t - 1] - mu) ** 2 + beta1 * sigma * sigma); lp += normalLpdf(d.y[t], mu, sigma); }
        return lp;
      } }, 1500);
    },
  },
  {
    name: "wells_dist", data: "wells_data-wells_dist",
    reference: () => {
      const d = load("wells_data-wells_dist");
      const x = Float64Array.from(d.dist as number[], (v) => v / 100), sw = Int8Array.from(d.switched as number[]);
      return viaImportance({ init: [0, 0], seed: 3, draws: 20000, quantities: (z) => ({ alpha: z[0], beta: z[1] }), logDensity: (z) => {
        let lp = 0;
        for (let i = 0; i < x.length; i++) { const eta = z[0] + z[1] * x[i]; lp += sw[i] ? logInvLogit(eta) : logInvLogit(-eta); }
        return lp;
      } }, 10000);
    },
  },
  {
    name: "GLM_Poisson", data: "GLM_Poisson_Data-GLM_Poisson_model",
    reference: () => {
      const d = load("GLM_Poisson_Data-GLM_Poisson_model");
      const q = (z: number[]) => ({ alpha: -20 + 40 * sig(z[0]), beta1: -10 + 20 * sig(z[1]), beta2: -10 + 20 * sig(z[2]), beta3: -10 + 20 * sig(z[3]) });
      return viaImportance({ init: [0, 0, 0, 0], seed: 4, draws: 100000, quantities: q, logDensity: (z) => {
        const { alpha, beta1, beta2, beta3 } = q(z);
        let lp = z.reduce((a, v) => a + logJacSig(v), 0);
        for (let i = 0; i < d.n; i++) { const x = d.year[i]; const eta = alpha + beta1 * x + beta2 * x * x + beta3 * x * x * x; lp += d.C[i] * eta - Math.exp(eta); }
        return lp;
      } }, 30000);
    },
  },
  {
    name: "low_dim_gauss_mix", data: "low_dim_gauss_mix-low_dim_gauss_mix",
    reference: () => {
      const d = load("low_dim_gauss_mix-low_dim_gauss_mix");
      const q = (z: number[]) => ({ "mu[0]": z[0], "mu[1]": z[0] + Math.exp(z[1]), "sigma[0]": Math.exp(z[2]), "sigma[1]": Math.exp(z[3]), theta: sig(z[4]) });
      return viaImportance({ init: [-1, 1, 0, 0, 0], seed: 5, draws: 40000, quantities: q, logDensity: (z) => {
        const p = q(z), th = p.theta;
        // ordered mu: (z0, z0 + e^z1), Jacobian e^z1; the other maps' Jacobians; the priors; the mixture.
        let lp = z[1] + z[2] + z[3] + logJacSig(z[4]);
        lp += normalLpdf(p["mu[0]"], 0, 2) + normalLpdf(p["mu[1]"], 0, 2) + normalLpdf(p["sigma[0]"], 0, 2) + normalLpdf(p["sigma[1]"], 0, 2) + 4 * Math.log(th) + 4 * Math.log1p(-th);
        const lt = Math.log(th), l1t = Math.log1p(-th);
        for (const y of d.y) lp += logSumExp(lt + normalLpdf(y, p["mu[0]"], p["sigma[0]"]), l1t + normalLpdf(y, p["mu[1]"], p["sigma[1]"]));
        return lp;
      } }, 10000);
    },
  },
  {
    name: "hmm_example", data: "hmm_example-hmm_example",
    reference: () => {
      const d = load("hmm_example-hmm_example");
      const q = (z: number[]) => ({ "theta/0[0]": sig(z[0]), "theta/1[0]": sig(z[1]), mu1: Math.exp(z[2]), d: Math.exp(z[3]) });
      return viaImportance({ init: [0, 0, 1, 1.9], seed: 6, draws: 50000, quantities: q, logDensity: (z) => {
        const p = q(z), th = [[p["theta/0[0]"], 1 - p["theta/0[0]"]], [p["theta/1[0]"], 1 - p["theta/1[0]"]]], mu = [p.mu1, p.mu1 + p.d];
        let lp = logJacSig(z[0]) + logJacSig(z[1]) + z[2] + z[3] + normalLpdf(mu[0], 3, 1) + normalLpdf(mu[1], 10, 1);
        let g = mu.map((m) => normalLpdf(d.y[0], m, 1));
        for (let t = 1; t < d.N; t++) g = mu.map((m, k) => logSumExp(g[0] + Math.log(th[0][k]), g[1] + Math.log(th[1][k])) + normalLpdf(d.y[t], m, 1));
        return lp + logSumExp(g[0], g[1]);
      } }, 10000);
    },
  },
  {
    name: "gp_pois_regr", data: "gp_pois_regr-gp_pois_regr",
    reference: () => {
      // Importance sampling fails here (13 dimensions, a funnel in f_tilde): a long random-walk Metropolis run.
      const d = load("gp_pois_regr-gp_pois_regr"), N = d.N as number;
      const D2 = Float64Array.from({ length: N * N }, (_, ij) => (d.x[Math.floor(ij / N)] - d.x[ij % N]) ** 2);
      const L = new Float64Array(N * N);
      const fOf = (z: number[]): Float64Array => {
        // f = chol(alpha² exp(−D²/(2 rho²)) + 1e-10 I) · z[2..], the Cholesky factor by rows in place.
        const a2 = Math.exp(2 * z[1]), c = -0.5 * Math.exp(-2 * z[0]);
        for (let i = 0; i < N; i++) {
          for (let j = 0; j <= i; j++) {
            let s = a2 * Math.exp(c * D2[i * N + j]) + (i === j ? 1e-10 : 0);
            for (let k = 0; k < j; k++) s -= L[i * N + k] * L[j * N + k];
            L[i * N + j] = i === j ? Math.sqrt(s) : s / L[j * N + j];
          }
        }
        const f = new Float64Array(N);
        for (let i = 0; i < N; i++) { let s = 0; for (let j = 0; j <= i; j++) s += L[i * N + j] * z[2 + j]; f[i] = s; }
        return f;
      };
      const r = metropolisReference({ init: [Math.log(6), 0, ...new Array(N).fill(0)], seed: 7, iterations: 150000, chains: 4,
        quantities: (z) => { const f = fOf(z); return { rho: Math.exp(z[0]), alpha: Math.exp(z[1]), f0: f[0], f5: f[5], f10: f[10] }; },
        logDensity: (z) => {
          const rho = Math.exp(z[0]), alpha = Math.exp(z[1]);
          let lp = z[0] + z[1] + 24 * Math.log(rho) - 4 * rho - alpha * alpha / 8;   // gamma(25, 4), half_normal(2), Jacobians
          for (let i = 0; i < N; i++) lp -= z[2 + i] * z[2 + i] / 2;
          const f = fOf(z);
          for (let i = 0; i < N; i++) lp += d.k[i] * f[i] - Math.exp(f[i]);
          return lp;
        } });
      if (r.rhat > 1.02) throw new Error(`reference Metropolis chains disagree: R-hat ${r.rhat}`);
      return r.moments;
    },
  },
  {
    name: "eight_schools_noncentered", data: "eight_schools-eight_schools_noncentered",
    reference: () => {
      // Quadrature over (mu, log tau) with theta integrated out.
      const d = load("eight_schools-eight_schools_noncentered");
      let z = 0, m1 = 0, m2 = 0, t1 = 0, t2 = 0;
      for (let mu = -40; mu <= 50; mu += 0.1) {
        for (let u = -10; u <= 7; u += 0.02) {
          const tau = Math.exp(u);
          let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + u;
          for (let j = 0; j < d.J; j++) { const v = d.sigma[j] ** 2 + tau ** 2; lp += -0.5 * Math.log(v) - (0.5 * (d.y[j] - mu) ** 2) / v; }
          const w = Math.exp(lp + 20);
          z += w; m1 += w * mu; m2 += w * mu * mu; t1 += w * tau; t2 += w * tau * tau;
        }
      }
      const sd = (a: number, b: number) => Math.sqrt(b / z - (a / z) ** 2);
      return { mu: { mean: m1 / z, sd: sd(m1, m2), se: 0 }, tau: { mean: t1 / z, sd: sd(t1, t2), se: 0 } };
    },
  },
];

// ---------- the checks ----------

const num = (x: unknown): number => (typeof x === "number" ? x : Number(x));

/**
 * What is wrong with a NUTS run against its reference (empty when nothing): every reference mean within
 * 5 combined standard errors √(mcse² + se²) (+0.2% of the sd for warmup bias), sds within 10%; every summary
 * row with R-hat < 1.01 and bulk ESS ≥ 100 per chain; divergences at most 0.25% of the draws.
 */
export function problems(q: QueryJson, ref: Moments, chains = 4): string[] {
  const out: string[] = [];
  for (const [key, r] of Object.entries(ref)) {
    const row = q.summary[key];
    if (row === undefined) { out.push(`${key}: no summary row`); continue; }
    const mcse = num(row.mcse_mean), tol = 5 * Math.hypot(mcse, r.se) + 0.002 * r.sd;
    if (!(Math.abs(num(row.mean) - r.mean) <= tol)) out.push(`${key}: mean ${row.mean} vs reference ${r.mean.toPrecision(6)} (tolerance ${tol.toPrecision(3)})`);
    if (!(Math.abs(num(row.sd) - r.sd) <= 0.1 * r.sd)) out.push(`${key}: sd ${row.sd} vs reference ${r.sd.toPrecision(4)}`);
  }
  for (const [key, row] of Object.entries(q.summary)) {
    if (!(num(row.rhat) < 1.01)) out.push(`${key}: R-hat ${row.rhat}`);
    if (!(num(row.ess_bulk) >= 100 * chains)) out.push(`${key}: bulk ESS ${row.ess_bulk}`);
  }
  const sampler = q.diagnostics.sampler as { divergences?: number } | undefined;
  const draws = Object.values(q.summary).length > 0 ? 1000 * chains : 0;
  if ((sampler?.divergences ?? 0) > 0.0025 * draws) out.push(`${sampler?.divergences} divergences`);
  return out;
}
