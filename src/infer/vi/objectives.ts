/**
 * Variational objectives as programs over model and guide. A draw from the guide, scored under the model, is
 * a list of *branches* (one, unless discrete choices are enumerated), each with log p(x, z), log q(z), the
 * log q of its score-function choices and the log guide mass of its enumerated values. An objective turns
 * draws into a *surrogate* whose gradient is an unbiased estimate of the objective's, and the objective's value:
 *
 * - ELBO (K particles): mean over draws of Σ_b q(b)·(log p − log q), surrogate adding the score-function term
 *   (L − baseline)·(Σ log q(z_score) − its value) with L held constant: the term is 0 in value and only its
 *   gradient counts, so the enumerated branch's weight q(b), which multiplies it, adds nothing spurious
 *   (∇q(b)·(L − baseline)·log q(z_score) biased guides that mixed enumerated and score-function choices);
 * - IWAE(K) (Burda et al. 2016): log (1/K) Σ_k p(x, z_k)/q(z_k), a bound that tightens as K grows. Its
 *   gradient, Σ_k w̃_k ∇log w_k with self-normalized weights w̃_k = w_k / Σ_j w_j, comes from differentiating
 *   the log-sum-exp through every draw (reparameterized choices), plus (L − baseline)·Σ_k ∇log q(z_k) for
 *   score-function choices, since L depends on all K draws. The trained guide is a proposal for importance
 *   sampling (broader than the posterior): `vi` weights its draws (see vi.ts);
 * - user objectives: any function of the context returning a surrogate (and optionally its value).
 *
 * @example
 * ```ts
 * const tempered: Objective = (ctx) => {           // a user-written objective: E_q[β log p − log q]
 *   const [b] = ctx.draw();
 *   return ctx.m.sub(ctx.m.mul(0.5, b.logp), b.logq);
 * };
 * vi(model, args, obs, { guide, objective: tempered });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { m, type ADMath } from "../../ad/math.js";
import type { Scalar } from "../../ad/var.js";

export interface Branch {
  /** log p(x, z) under the model (AD in the parameters through reparameterized choices). */
  logp: Scalar;
  /** log q(z) under the guide. */
  logq: Scalar;
  /** Σ log q over the score-function choices. */
  scoreLogq: Scalar;
  /** Σ log q of the enumerated values of this branch (0 without enumeration). */
  logWeight: Scalar;
}

export interface ObjectiveContext {
  /** One draw from the guide, scored under the model. */
  draw(): Branch[];
  readonly m: ADMath;
  /** Running mean of the objective's past values: the baseline of score-function terms. */
  readonly baseline: number;
}

export interface ObjectiveValue {
  /** What the optimizer differentiates (maximized). */
  surrogate: Scalar;
  /** The objective's estimate (reported in the ELBO trace). */
  value: number;
}

export type Objective = ((ctx: ObjectiveContext) => ObjectiveValue | Scalar) & {
  /** Set on IWAE(K) objectives: K. Their guide is a proposal, so `vi` returns importance-weighted draws. */
  readonly importanceSamples?: number;
};

const num = (x: Scalar): number => (typeof x === "number" ? x : x.x);

/** The ELBO estimated from `particles` draws. */
export function elbo(particles = 1): Objective {
  return (ctx) => {
    let surrogate: Scalar = 0, value = 0;
    for (let k = 0; k < particles; k++)
      for (const b of ctx.draw()) {
        const L = m.sub(b.logp, b.logq) as Scalar, l = num(L), w = m.exp(b.logWeight) as Scalar;
        const signal = typeof b.scoreLogq === "number" ? L : m.add(L, m.mul(l - ctx.baseline, m.sub(b.scoreLogq, num(b.scoreLogq))));
        surrogate = m.add(surrogate, m.mul(w, signal)) as Scalar;
        value += num(w) * l;
      }
    return { surrogate: m.div(surrogate, particles) as Scalar, value: value / particles };
  };
}

/** The importance-weighted bound with K draws: log (1/K) Σ_k exp(log p_k − log q_k). */
export function iwae(K: number): Objective {
  if (!Number.isInteger(K) || K < 1) throw new BorelError("bad-option", `iwae: K must be a positive integer, got ${typeof K === "string" ? JSON.stringify(K) : String(K)}`);
  const objective: Objective = (ctx) => {
    const logw: Scalar[] = [];
    let score: Scalar = 0;
    for (let k = 0; k < K; k++) {
      const bs = ctx.draw();
      if (bs.length !== 1) throw new BorelError("bad-estimator", "iwae does not sum enumerated choices", { hint: "use the score-function estimator for discrete guide choices, or the ELBO" });
      logw.push(m.sub(bs[0].logp, bs[0].logq) as Scalar);
      score = m.add(score, bs[0].scoreLogq) as Scalar;
    }
    const L = m.sub(m.logSumExp(m.stack(logw)), Math.log(K)) as Scalar, l = num(L);
    const surrogate = typeof score === "number" ? L : (m.add(L, m.mul(l - ctx.baseline, score)) as Scalar);
    return { surrogate, value: l };
  };
  return Object.assign(objective, { importanceSamples: K });
}

/** Normalizes what a user objective returned. */
export function objectiveValue(r: ObjectiveValue | Scalar): ObjectiveValue {
  if (typeof r === "number" || !("surrogate" in r)) return { surrogate: r as Scalar, value: num(r as Scalar) };
  return r;
}
