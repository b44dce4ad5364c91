/**
 * Automatic guides in the model's unconstrained space (ADVI; Kucukelbir et al. 2017): a Gaussian q(θ) over
 * the flat θ of the model's latent continuous choices (an `UnconstrainedView`), mean-field (diagonal) or
 * full-rank (a Cholesky factor). A draw is θ = μ + L ε with ε ~ N(0, I); log p_Θ(θ) — the model's log density
 * with the bijectors' Jacobians — and its gradient come from the view's fast path and enter the objective's
 * tape as one node; log q(θ) = log N(ε) − Σ log L_ii, so the entropy is exact.
 *
 * Parameters (in the `ParamStore`, under `prefix`): `loc` (n), and `log_scale` (n, mean-field) or
 * `scale_tril` (n(n+1)/2, rows of the lower triangle, the diagonal stored as its log; full-rank).
 *
 * @example
 * ```ts
 * const g = new AutoGuide(model, trace, "full_rank");
 * g.init(store);
 * const [branch] = g.draw(store, leaves, rng);   // log p_Θ(θ), log q(θ) for one θ ~ q
 * g.covariance(store);                           // L Lᵀ
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import { Var, type Scalar } from "../../ad/var.js";
import { m } from "../../ad/math.js";
import { gather } from "../../ad/gather.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import type { ParamStore } from "../../trace/params.js";
import { UnconstrainedView, type ViewOptions } from "../unconstrained.js";
import type { Branch } from "./objectives.js";
import type { ParamLeaves } from "./param-leaves.js";

export type GuideFamily = "mean_field" | "full_rank";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const tri = (i: number, j: number) => (i * (i + 1)) / 2 + j;

/** θ = L ε for packed lower-triangular L (log diagonal) and constant ε, as one AD node. */
function backTril(n: Var): void {
  const packed = n.a as Var, eps = n.aux as Float64Array, g = n.gs as Float64Array, gp = packed.gradVector(), p = packed.xs as Float64Array;
  for (let i = 0; i < g.length; i++) {
    for (let j = 0; j < i; j++) gp[tri(i, j)] += g[i] * eps[j];
    gp[tri(i, i)] += g[i] * eps[i] * Math.exp(p[tri(i, i)]);
  }
}

function trilTimes(packed: Var, eps: Float64Array): Var {
  const p = packed.xs as Float64Array, n = eps.length, ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = Math.exp(p[tri(i, i)]) * eps[i];
    for (let j = 0; j < i; j++) s += p[tri(i, j)] * eps[j];
    ys[i] = s;
  }
  return new Var(packed.tape, 0, ys, backTril, packed, null, eps.slice());
}

/** log p_Θ at θ's value as a node whose gradient in θ comes from the view. */
function backLogp(n: Var): void {
  const theta = n.a as Var, g = n.aux as Float64Array, gt = theta.gradVector();
  for (let i = 0; i < g.length; i++) gt[i] += n.g * g[i];
}

export class AutoGuide {
  readonly view: UnconstrainedView;
  readonly dim: number;

  /**
   * @param learnsModelParams the model reads `param`s: each draw's log p also carries their gradient (the view
   *   differentiates in θ only, so they stayed at their initial values).
   */
  constructor(readonly model: GenerativeFunction, trace: Trace, readonly family: GuideFamily = "mean_field", readonly prefix = "auto/", readonly viewOptions: ViewOptions = {}, readonly learnsModelParams = false) {
    this.view = new UnconstrainedView(model, trace, undefined, viewOptions);
    this.dim = this.view.dim;
  }

  /** For reports (`--json`): what the guide is and the unconstrained choices it covers, in order. */
  toJSON(): { guide: string; dim: number; prefix: string } {
    return { guide: `automatic ${this.family.replace("_", "-")} normal guide on the unconstrained scale`, dim: this.dim, prefix: this.prefix };
  }

  /** Sets the parameters not in the store yet: μ = `loc` (default 0), scales `initScale` (default 0.1). */
  init(store: ParamStore, loc?: Float64Array, initScale = 0.1): void {
    const n = this.dim;
    if (!store.values.has(this.prefix + "loc")) store.set(this.prefix + "loc", loc ? loc.slice() : new Float64Array(n));
    if (this.family === "mean_field") { if (!store.values.has(this.prefix + "log_scale")) store.set(this.prefix + "log_scale", new Float64Array(n).fill(Math.log(initScale))); return; }
    if (!store.values.has(this.prefix + "scale_tril")) {
      const p = new Float64Array((n * (n + 1)) / 2);
      for (let i = 0; i < n; i++) p[tri(i, i)] = Math.log(initScale);
      store.set(this.prefix + "scale_tril", p);
    }
  }

  /** Holds the model's data (and minibatch arguments) of `trace` from now on. */
  rebase(trace: Trace): void {
    this.view.rebase(trace);
  }

  /** One reparameterized draw θ ~ q as a branch (log p_Θ(θ), log q(θ)). */
  draw(leaves: ParamLeaves, rng: Rng): Branch[] {
    const n = this.dim, eps = new Float64Array(n);
    for (let i = 0; i < n; i++) eps[i] = rng.normal();
    const loc = leaves.override(this.prefix + "loc") as Var;
    let theta: Var, logDet: Scalar;
    if (this.family === "mean_field") {
      const ls = leaves.override(this.prefix + "log_scale") as Var;
      theta = m.add(loc, m.mul(m.exp(ls), eps)) as Var;
      logDet = m.sum(ls);
    } else {
      const packed = leaves.override(this.prefix + "scale_tril") as Var;
      theta = m.add(loc, trilTimes(packed, eps)) as Var;
      logDet = m.sum(gather(packed, Array.from({ length: n }, (_, i) => tri(i, i))));
    }
    let sq = 0;
    for (let i = 0; i < n; i++) sq += eps[i] * eps[i];
    const logq = m.sub(-0.5 * sq - n * HALF_LOG_2PI, logDet) as Scalar;
    const g = new Float64Array(n), th = (theta.xs as Float64Array).slice();
    const lp = this.view.logDensityGradient(th, g);
    let logp: Scalar = new Var(theta.tape, lp, null, backLogp, theta, null, g);
    if (this.learnsModelParams) {
      // log p at the same θ with the model's params as AD leaves (the choices constant): a term of value 0
      // whose gradient is ∂ log p / ∂ params.
      const values = this.view.valuesAt(th);
      const s = this.model.scoreAD(this.view.baseTrace, (key) => (values.has(key) ? values.get(key) : undefined), { ...this.viewOptions.score, paramOverride: leaves.override }).score;
      if (typeof s !== "number") logp = m.add(logp, m.sub(s, s.x)) as Scalar;
    }
    return [{ logp, logq, scoreLogq: 0, logWeight: 0 }];
  }

  /** μ in the unconstrained space. */
  loc(store: ParamStore): Float64Array {
    return (store.get(this.prefix + "loc") as Float64Array).slice();
  }

  /** The Cholesky factor L (row-major n×n) of q's covariance. */
  scaleTril(store: ParamStore): Float64Array {
    const n = this.dim, L = new Float64Array(n * n);
    if (this.family === "mean_field") {
      const ls = store.get(this.prefix + "log_scale") as Float64Array;
      for (let i = 0; i < n; i++) L[i * n + i] = Math.exp(ls[i]);
      return L;
    }
    const p = store.get(this.prefix + "scale_tril") as Float64Array;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L[i * n + j] = i === j ? Math.exp(p[tri(i, i)]) : p[tri(i, j)];
    return L;
  }

  /** q's covariance L Lᵀ in the unconstrained space (row-major). */
  covariance(store: ParamStore): Float64Array {
    const n = this.dim, L = this.scaleTril(store), C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += L[i * n + k] * L[j * n + k]; C[i * n + j] = s; }
    return C;
  }
}
