/**
 * The unconstrained view of a trace: a flat θ ∈ R^n for a selection of continuous choices, the log density
 * of the model in θ-space
 *
 *     log p_Θ(θ) = log p(t[x := forward(θ)]) + Σ_slots log|det ∂forward/∂θ_slot|
 *
 * with its gradient (Borel's tape AD through `scoreAD`), and the way back to a trace. Unselected choices keep
 * their values in the *base* trace (`rebase`), so a kernel on this view moves only the selection and
 * composes with kernels on other addresses.
 *
 * The gradient is the hot loop of HMC/NUTS: one tape reused across evaluations, one leaf per slot, the slot
 * of a top-level choice found by its visit index (no map lookup, no per-address allocation for a fixed
 * layout). The bijector is taken from the distribution *each run* reports, so a support that depends on
 * other choices (`uniform(0, y)`) stays exact in value, and in gradient runs its bounds are AD values
 * (`Distribution.boundsAD`): ∂x/∂y and the Jacobian's dependence on y are part of the gradient.
 *
 * @example
 * ```ts
 * const view = new UnconstrainedView(model, trace);
 * const theta = view.thetaOf(trace);
 * const grad = new Float64Array(view.dim);
 * const lp = view.logDensityGradient(theta, grad);   // log p + log|J| and its gradient
 * const moved = view.traceAt(theta, rng);             // a trace with the selection set from θ
 * ```
 */
import { BorelError, isBorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import { add } from "../ad/arith.js";
import { Tape, Var, type Real, type Scalar } from "../ad/var.js";
import { bijectorFor, bijectorWithBounds, identityBijector, type Bijector } from "../dist/bijectors.js";
import type { Distribution } from "../dist/distribution.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { ChoiceOverride, GenerativeFunction, ScoreADOptions, Trace } from "../trace/gfi.js";
import type { Selection } from "../trace/selection.js";
import { discoverLayout, layoutFits, sameSupport, type Layout, type Slot } from "./unconstrained-layout.js";

/** Per-slot scratch reused across evaluations. */
interface SlotState {
  readonly slot: Slot;
  /** Buffer for a vector leaf (the leaf reads it in place). */
  readonly buf: Float64Array | null;
  leaf: Var | null;
  /** The value set in the last plain (non-AD) run. */
  plainValue: number | Float64Array | null;
  visited: number;
}

export interface ViewOptions {
  /** A precomputed layout (else discovered from the trace). */
  layout?: Layout;
  /** Add log|det J| (default true). MAP in the constrained parameterization leaves it out. */
  jacobian?: boolean;
  /** Passed to every `scoreAD` run (parameters, observedScale). */
  score?: ScoreADOptions;
}

/** Support kinds with bounds, which may depend on other choices. */
const BOUNDED = new Set(["interval", "greater", "less"]);

/**
 * Errors that mean "no density here" rather than a broken program: a parameter out of its domain, NaN, a
 * covariance that lost positive definiteness far out in a trajectory. A run that meets one scores −∞.
 */
export const DOMAIN_ERRORS: ReadonlySet<string> = new Set(["bad-parameter", "nan", "not-positive-definite"]);

export class UnconstrainedView {
  readonly layout: Layout;
  readonly dim: number;
  /** Number of density evaluations with gradient (for the `n_grad` statistic). */
  gradientCount = 0;
  /** The last error a run turned into a zero density (a parameter out of its domain), for error messages. */
  lastDomainError: BorelError | undefined;
  /** Evaluations that met such an error so far (the `invalid_param` statistic of gradient kernels). */
  domainErrors = 0;
  private base: Trace;
  private readonly tape = new Tape({ reuseBuffers: true });
  private readonly states: SlotState[];
  private readonly byKey = new Map<string, SlotState>();
  private theta: Float64Array;
  private ad = true;
  private jacobian: Scalar = 0;
  private evalId = 0;
  /** Set once a run reports a support other than the layout's (bounds that depend on other choices). */
  private dynamicSupport = false;
  /** True when no slot's support has bounds (which could depend on other choices). */
  private readonly boundFree: boolean;

  private readonly withJacobian: boolean;
  private readonly scoreOptions: ScoreADOptions | undefined;

  constructor(readonly gf: GenerativeFunction, trace: Trace, readonly selection?: Selection, options: ViewOptions = {}) {
    this.layout = options.layout ?? discoverLayout(gf, trace, selection, options.score);
    this.withJacobian = options.jacobian !== false;
    this.scoreOptions = options.score;
    this.boundFree = this.layout.slots.every((s) => !BOUNDED.has(s.support.kind));
    this.dim = this.layout.dim;
    this.base = trace;
    this.theta = new Float64Array(this.dim);
    this.states = this.layout.slots.map((slot) => {
      const st: SlotState = { slot, buf: slot.size === -1 && slot.length === 1 ? null : new Float64Array(slot.length), leaf: null, plainValue: null, visited: -1 };
      this.byKey.set(slot.key, st);
      return st;
    });
  }

  /** The trace whose unselected choices the view holds fixed. */
  get baseTrace(): Trace {
    return this.base;
  }

  /** Holds the unselected choices of `trace` fixed from now on (after another kernel moved them). */
  rebase(trace: Trace): void {
    if (trace === this.base) return;
    if (!this.layout.staticStructure && !layoutFits(this.layout, trace))
      throw new BorelError("structure-changed", `${this.gf.name}: the trace no longer has the choices of the unconstrained view (${this.layout.slots.map((s) => s.key).slice(0, 6).join(", ")})`, {
        hint: "gradient-based kernels need the selected continuous choices to exist in every state; make their addresses independent of discrete choices",
      });
    this.base = trace;
  }

  /** θ of a trace: each slot's value mapped by its bijector's inverse. */
  thetaOf(trace: Trace = this.base): Float64Array {
    const theta = new Float64Array(this.dim);
    for (const s of this.layout.slots) {
      const c = trace.choice(s.key);
      if (c === undefined) throw new BorelError("no-choice", `the trace has no choice at '${s.key}'`, { address: s.key });
      const bij = sameSupport(c.dist.support, s.support) ? s.bijector : bijectorFor(c.dist.support, s.size, s.key);
      const u = bij.inverse(c.value as number | Float64Array);
      if (typeof u === "number") theta[s.offset] = u; else theta.set(u, s.offset);
    }
    return theta;
  }

  private readonly override: ChoiceOverride = (key, index, dist) => {
    let st: SlotState | undefined;
    const bi = index >= 0 && index < this.layout.byIndex.length ? this.layout.byIndex[index] : -1;
    if (bi >= 0 && this.states[bi].slot.key === key) st = this.states[bi];
    else { st = this.byKey.get(key); if (st === undefined) return undefined; }
    return this.valueOf(st, dist);
  };

  private valueOf(st: SlotState, dist: Distribution): unknown {
    const s = st.slot, th = this.theta;
    let bij: Bijector = s.bijector;
    // Bounds that are AD values depend on other choices: the bijector keeps them in the expression (their gradient).
    const bounds = this.ad ? dist.boundsAD?.() : undefined;
    if (bounds !== undefined) { bij = bijectorWithBounds(dist.support, bounds.low, bounds.high, s.size, s.key); this.dynamicSupport = true; }
    else if (dist.support !== s.support && !sameSupport(dist.support, s.support)) { bij = bijectorFor(dist.support, s.size, s.key); this.dynamicSupport = true; }
    st.visited = this.evalId;
    let u: Real;
    if (st.buf === null) u = th[s.offset];
    else { for (let i = 0; i < s.length; i++) st.buf[i] = th[s.offset + i]; u = st.buf; }
    if (this.ad) { u = typeof u === "number" ? this.tape.scalar(u, s.key) : this.tape.vector(u, s.key); st.leaf = u as Var; }
    const x = bij.forward(u);
    if (bij !== identityBijector && this.withJacobian) this.jacobian = add(this.jacobian, bij.logDetJ(u)) as Scalar;
    if (!this.ad) { const v = x as number | Float64Array; st.plainValue = typeof v === "number" ? v : v === st.buf ? v.slice() : v; }
    return x;
  }

  /** One run of the model at θ; the score (−∞ on a domain error) as an AD scalar or number. */
  private run(theta: Float64Array, ad: boolean): Scalar {
    if (theta.length !== this.dim) throw new BorelError("shape", `unconstrained view: θ has length ${theta.length}, expected ${this.dim}`);
    this.theta = theta;
    this.ad = ad;
    this.jacobian = 0;
    this.evalId++;
    if (ad) this.tape.reset();
    let score: Scalar;
    try {
      score = this.gf.scoreAD(this.base, this.override, this.scoreOptions).score;
    } catch (e) {
      // A parameter out of its domain (a scale that underflowed to 0 far out in a divergent trajectory) is
      // a zero density there, as in Stan: the trajectory is rejected, not the run.
      if (isBorelError(e) && DOMAIN_ERRORS.has(e.code)) {
        this.lastDomainError = e;
        this.domainErrors++;
        return -Infinity;
      }
      throw e;
    }
    for (const st of this.states)
      if (st.visited !== this.evalId)
        throw new BorelError("structure-changed", `the run at θ did not visit '${st.slot.key}'`, { address: st.slot.key, hint: "the selected choices must exist whatever their values" });
    return add(score, this.jacobian) as Scalar;
  }

  /**
   * log p_Θ(θ) without the gradient. A density that is not finite is −∞: NaN, and +∞ too — on the unconstrained
   * scale the density of a proper distribution is finite everywhere, and +∞ arises only where the constrained
   * value rounds onto the support's boundary (σ(θ) = 1 beyond θ ≈ 37, e^θ = 0 below θ ≈ −745) and a density
   * that diverges there (beta(0.5, 0.5) at 1) is evaluated at the boundary itself. Taken as +∞, a chain that
   * stepped there stayed (every move away was rejected) and reported the boundary as the posterior.
   */
  logDensity(theta: Float64Array): number {
    const v = this.run(theta, false);
    const x = typeof v === "number" ? v : v.x;
    return x === x && x !== Infinity ? x : -Infinity;
  }

  /** log p_Θ(θ); writes ∇ log p_Θ(θ) into `grad`. A non-finite density gives −∞ (and an undefined gradient). */
  logDensityGradient(theta: Float64Array, grad: Float64Array): number {
    this.gradientCount++;
    const out = this.run(theta, true);
    grad.fill(0);
    if (typeof out === "number") return out === out && out !== Infinity ? out : -Infinity;
    if (!(out.x > -Infinity) || out.x === Infinity) return -Infinity;
    this.tape.backward(out);
    for (const st of this.states) {
      const leaf = st.leaf as Var, o = st.slot.offset;
      if (leaf.xs === null) grad[o] = leaf.g;
      else if (leaf.gs !== null) grad.set(leaf.gs, o);
    }
    return out.x;
  }

  /**
   * The constrained values at θ as a choice map. When no support has bounds, each slot's bijector maps its
   * coordinates directly; otherwise one plain run of the model applies the bijector of the support each
   * choice has at θ (bounds may depend on other choices).
   */
  valuesAt(theta: Float64Array): ChoiceMap {
    const c = new ChoiceMap();
    if (this.boundFree && !this.dynamicSupport) {
      for (const s of this.layout.slots) {
        const u = s.length === 1 && s.size === -1 ? theta[s.offset] : theta.slice(s.offset, s.offset + s.length);
        c.set(s.key, s.bijector.forward(u));
      }
      return c;
    }
    this.run(theta, false);
    for (const st of this.states) c.set(st.slot.key, st.plainValue);
    return c;
  }

  /** A trace equal to the base trace with the selected choices set from θ (through `update`). */
  traceAt(theta: Float64Array, rng: Rng): Trace {
    const base = this.base;
    // With the view's parameters: a model's `param`s read their learned values (not their initial ones).
    const params = this.scoreOptions?.params;
    const r = this.gf.update(base, base.args as unknown[], base.args.map(() => "same" as const), this.valuesAt(theta), rng, params ? { params } : undefined);
    return r.trace;
  }
}
