/**
 * A learning-curve prior in the spirit of LC-PFN (Adriaensen et al. 2023): a curve of T epochs is one of three
 * parametric families, chosen with equal probability, plus Gaussian noise; row i is epoch i + 1, with input
 * x/i = (i + 1)/T (a point mass) and output y/i the observed performance:
 *
 *   pow3       c − a·t^(−α)                       c ~ U(0.5, 1), a ~ U(0.05, 0.5), α ~ LogNormal(−0.5, 0.5)
 *   ilog2      c − a / log(t + 1)                 c ~ U(0.5, 1), a ~ U(0.05, 0.5)
 *   janoschek  c − a·exp(−κ·t^δ)                  c ~ U(0.5, 1), a ~ U(0.05, 0.5), κ ~ LogNormal(−2, 1), δ ~ LogNormal(0, 0.3)
 *   y/i ~ N(f(t_i), σ²),  σ ~ LogNormal(−4, 0.5)
 *
 * Every family's parameters are drawn whatever the family (so the curve's family is a single discrete choice
 * `family`). `lcMarginal` is the same prior with the family summed out, as a density for gradient-based MCMC
 * (NUTS) on the continuous parameters: log p(y | θ) = log Σ_k ⅓ Π_i N(y_i; f_k(t_i; θ), σ²); and
 * `lcPredictive` the posterior predictive density of held-out epochs given MCMC draws of θ.
 *
 * @example
 * ```ts
 * const curve = lcPrior(50).simulate([50], rng);           // 50 epochs
 * const post = nuts(lcMarginal(50), [ys.slice(0, 10)], {}, { samples: 1000 });
 * ```
 */
import { gen } from "../../trace/dynamic.js";
import { uniform } from "../../dist/uniform.js";
import { lognormal } from "../../dist/lognormal.js";
import { normal } from "../../dist/normal.js";
import { categorical } from "../../dist/categorical.js";
import { delta } from "../../dist/delta.js";
import { logSumExp } from "../../math/log.js";
import type { ModelHandler } from "../../trace/handler.js";
import type { Real, Scalar } from "../../ad/var.js";

export const LC_EPOCHS = 50;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

interface CurveParams { c: Real; a: Real; alpha: Real; c2: Real; a2: Real; c3: Real; a3: Real; kappa: Real; delta: Real; sigma: Real }

/** The parameters, sampled in a fixed order (shared by the generative and the marginal model). */
function sampleParams(t: ModelHandler): CurveParams {
  const s = (name: string, d: Parameters<typeof t.sample>[1]) => t.sample(name, d) as Real;
  return {
    c: s("pow3_c", uniform(0.5, 1)), a: s("pow3_a", uniform(0.05, 0.5)), alpha: s("pow3_alpha", lognormal(-0.5, 0.5)),
    c2: s("ilog2_c", uniform(0.5, 1)), a2: s("ilog2_a", uniform(0.05, 0.5)),
    c3: s("jan_c", uniform(0.5, 1)), a3: s("jan_a", uniform(0.05, 0.5)), kappa: s("jan_kappa", lognormal(-2, 1)), delta: s("jan_delta", lognormal(0, 0.3)),
    sigma: s("sigma", lognormal(-4, 0.5)),
  };
}

/** The three families' curves at epochs t (a vector), through t.m so that they are differentiable. */
function curves(t: ModelHandler, p: CurveParams, epochs: Float64Array): Real[] {
  const m = t.m, logt1 = epochs.map((e) => Math.log(e + 1));
  return [
    m.sub(p.c, m.mul(p.a, m.exp(m.mul(m.neg(p.alpha), epochs.map(Math.log))))),
    m.sub(p.c2, m.div(p.a2, logt1)),
    m.sub(p.c3, m.mul(p.a3, m.exp(m.neg(m.mul(p.kappa, m.pow(epochs, p.delta)))))),
  ];
}

const epochsOf = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);

/** The generative prior: n rows (epochs 1..n of a T-epoch curve). */
export function lcPrior(T = LC_EPOCHS) {
  return gen((t, n: number) => {
    const p = sampleParams(t), k = t.sample("family", categorical([1 / 3, 1 / 3, 1 / 3])) as number;
    const f = curves(t, p, epochsOf(n))[k] as Float64Array;
    for (let i = 0; i < n; i++) {
      t.sample(["x", i], delta((i + 1) / T));
      t.sample(["y", i], normal(f[i], p.sigma as number));
    }
  }, "lc");
}

/** The prior with the family summed out; the observed epochs 1..n are the argument. */
export function lcMarginal() {
  return gen((t, ys: readonly number[]) => {
    const p = sampleParams(t), m = t.m, n = ys.length, y = Float64Array.from(ys);
    const ll = curves(t, p, epochsOf(n)).map((f) => {
      const z = m.div(m.sub(y, f), p.sigma);
      return m.sub(m.mul(-0.5, m.sum(m.mul(z, z))), m.mul(n, m.add(m.log(p.sigma), HALF_LOG_2PI))) as Scalar;   // scalar in, scalar out
    });
    t.factor(m.add(m.logSumExp(m.stack(ll)), Math.log(1 / 3)) as Scalar);
  }, "lc-marginal");
}

/** Plain-number curve parameters of one posterior draw (keys as in the model). */
export type LcDraw = Record<"pow3_c" | "pow3_a" | "pow3_alpha" | "ilog2_c" | "ilog2_a" | "jan_c" | "jan_a" | "jan_kappa" | "jan_delta" | "sigma", number>;

function curveAt(d: LcDraw, k: number, e: number): number {
  if (k === 0) return d.pow3_c - d.pow3_a * Math.pow(e, -d.pow3_alpha);
  if (k === 1) return d.ilog2_c - d.ilog2_a / Math.log(e + 1);
  return d.jan_c - d.jan_a * Math.exp(-d.jan_kappa * Math.pow(e, d.jan_delta));
}

/**
 * log of the posterior predictive density of y at epoch e given observed ys, averaged over draws:
 * p(y_e | data) ≈ (1/S) Σ_s Σ_k p(k | θ_s, data) N(y_e; f_k(e; θ_s), σ_s²).
 */
export function lcPredictive(draws: readonly LcDraw[], ys: readonly number[], e: number, y: number): number {
  const terms: number[] = [];
  for (const d of draws) {
    const lk = [0, 1, 2].map((k) => { let s = 0; ys.forEach((yi, i) => { const z = (yi - curveAt(d, k, i + 1)) / d.sigma; s -= 0.5 * z * z; }); return s; });
    const norm = logSumExp(lk);
    const parts = [0, 1, 2].map((k) => { const z = (y - curveAt(d, k, e)) / d.sigma; return lk[k] - norm - 0.5 * z * z - Math.log(d.sigma) - HALF_LOG_2PI; });
    terms.push(logSumExp(parts));
  }
  return logSumExp(terms) - Math.log(terms.length);
}
