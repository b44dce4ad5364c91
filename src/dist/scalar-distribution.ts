/**
 * The distribution object of a scalar family (`scalarFamily`, ./family.ts): the family's spec and facts, the
 * parameters as given and their plain values (for a vector parameter, an iid-by-element `Float64Array` value
 * whose log density is the sum — one AD node, src/ad/kernel.ts), the size and the support. Per-family facts
 * (name, discreteness, samplers) are read through the family, so an instance holds only what differs.
 *
 * @example
 * ```ts
 * const d = new ScalarDistribution(spec, [0, 1], -1, factsOf(spec), [0, 1]);   // what normal(0, 1) builds
 * d.logpdf(0.5);
 * ```
 */
import type { Rng } from "../rand/rng.js";
import { applyKernel, kernelTerm, type DensityKernel } from "../ad/kernel.js";
import { lengthOf, plain } from "../ad/elementwise.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { checkQuantileLevel, describeValue, type ParamCheck } from "./params.js";
import { insideSupport, isDiscreteSupport, type Support } from "./support.js";
import { formatVector } from "./vector-param.js";
import { checkEnumerable } from "./support-util.js";

export interface ParamSpec {
  name: string;
  check: ParamCheck;
  /** Default when omitted (student_t's mu and sigma). */
  default?: number;
}

type P = number; // one element's parameter value

export interface ScalarFamilySpec<T> {
  name: string;
  params: readonly ParamSpec[];
  kernel: DensityKernel;
  /** Support given the plain parameters (numbers or vectors). */
  support: (...params: (number | Float64Array)[]) => Support;
  sample: (rng: Rng, a: P, b: P, c: P) => number;
  mean?: (a: P, b: P, c: P) => number;
  variance?: (a: P, b: P, c: P) => number;
  /** All values with positive mass (finite discrete families only). */
  enumerate?: (a: P, b: P, c: P) => number[];
  /** Reparameterization: noise from `noise(rng)`, value = transform(noise, params) as an AD expression. */
  reparam?: { noise: (rng: Rng) => number; transform: (eps: Real, params: Real[]) => Real };
  cdf?: (x: number, a: P, b: P, c: P) => number;
  quantile?: (p: number, a: P, b: P, c: P) => number;
  /** log cdf in AD parameters (for `truncated`). */
  logcdfAD?: (x: number, params: Real[]) => Scalar;
  /** The support's bounds as AD expressions of the parameters (families whose support depends on them: uniform). */
  bounds?: (params: readonly Real[]) => { low: Real; high: Real };
  /** Cross-parameter validation on plain values (e.g. uniform: low < high). Throw `badParameter`. */
  validate?: (...params: (number | Float64Array)[]) => void;
  /** Value conversions for non-numeric values (bernoulli: boolean ↔ 1/0). */
  toNumber?: (x: unknown) => number;
  fromNumber?: (x: number) => T;
  improper?: boolean;
}

/** What a family's instances share, computed once per family. */
export interface FamilyFacts {
  /** The support when it does not depend on the parameters, else null. */
  support: Support | null;
  discrete: boolean;
  improper: boolean;
  rsample: boolean;
  enumerate: boolean;
}

/** The facts of a family's spec. */
export function factsOf<T>(spec: ScalarFamilySpec<T>): FamilyFacts {
  const fixed = spec.support.length === 0 ? spec.support() : null;
  return {
    support: fixed, discrete: fixed !== null && isDiscreteSupport(fixed), improper: spec.improper === true,
    rsample: spec.reparam !== undefined, enumerate: spec.enumerate !== undefined,
  };
}


/** `plain` for the common case (a number) without a call. */
const plainOf = (r: Real): number | Float64Array => (typeof r === "number" ? r : plain(r));

export class ScalarDistribution<T> implements Distribution<T | Float64Array> {
  readonly params: readonly Real[];
  readonly support: Support;
  readonly size: number;
  /** Plain values of the parameters: `params` itself when they are all numbers (one object per draw site). */
  private readonly pp: readonly (number | Float64Array)[];

  constructor(private readonly spec: ScalarFamilySpec<T>, params: Real[], size: number, private readonly facts: FamilyFacts, plainParams?: readonly number[]) {
    this.params = params;
    const pp = plainParams ?? params.map(plainOf);
    this.pp = pp;
    const n = pp.length;
    // A support that does not depend on the parameters is computed once per family.
    const fixed = facts.support;
    this.support = fixed !== null ? fixed : n === 0 ? spec.support() : n === 1 ? spec.support(pp[0]!) : n === 2 ? spec.support(pp[0]!, pp[1]!) : spec.support(pp[0]!, pp[1]!, pp[2]!);
    this.size = size;
  }

  // Per-family facts are read through the family (no copy per instance).
  get name(): string {
    return this.spec.name;
  }

  get discrete(): boolean {
    return this.facts.support !== null ? this.facts.discrete : isDiscreteSupport(this.support);
  }

  get improper(): boolean {
    return this.facts.improper;
  }

  boundsAD(): { low: Real; high: Real } | undefined {
    const b = this.spec.bounds;
    return b !== undefined && this.params.some((p) => p instanceof Var) ? b(this.params) : undefined;
  }

  /** Undefined when the family has no reparameterized sampler. */
  get rsample(): ((rng: Rng) => Real) | undefined {
    return this.facts.rsample ? this.rsampleImpl : undefined;
  }

  /** Undefined when the family is not finite discrete. */
  get enumerate(): (() => T[]) | undefined {
    return this.facts.enumerate ? this.enumerateImpl : undefined;
  }

  /** Plain parameters 0, 1, 2 (0 for a family with fewer). */
  private get a(): number | Float64Array {
    return this.pp.length > 0 ? this.pp[0]! : 0;
  }

  private get b(): number | Float64Array {
    return this.pp.length > 1 ? this.pp[1]! : 0;
  }

  private get c(): number | Float64Array {
    return this.pp.length > 2 ? this.pp[2]! : 0;
  }

  private p(j: number, i: number): number {
    const pp = this.pp;
    if (j >= pp.length) return 0;
    const v = pp[j]!;
    return typeof v === "number" ? v : v[i];
  }

  /** The plain parameters as kernel inputs after the value. */
  private plainInputs(x: number | Float64Array): (number | Float64Array)[] {
    const n = this.params.length;
    return n === 1 ? [x, this.a] : n === 2 ? [x, this.a, this.b] : n === 3 ? [x, this.a, this.b, this.c] : [x];
  }

  sample(rng: Rng): T | Float64Array {
    const s = this.spec;
    if (this.improper)
      throw new BorelError("improper-sample", `${s.name}() is an improper prior and cannot be sampled`, {
        hint: "improper priors only work with gradient-based inference or MAP (nuts, hmc, vi); give a proper prior to simulate",
      });
    // A continuous draw stays strictly inside the support (see insideSupport: underflow to a bound, overflow).
    const support = this.discrete ? null : this.support;
    if (this.size === -1) {
      const x = s.sample(rng, this.p(0, 0), this.p(1, 0), this.p(2, 0));
      if (support !== null) return insideSupport(x, support) as T;
      return s.fromNumber ? s.fromNumber(x) : (x as T);
    }
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const x = s.sample(rng, this.p(0, i), this.p(1, i), this.p(2, i));
      out[i] = support !== null ? insideSupport(x, support, i) : x;
    }
    return out;
  }

  private numeric(x: unknown): number | Float64Array | Var {
    if (typeof x === "number") return x;
    if (typeof x === "boolean" && this.spec.toNumber) return this.spec.toNumber(x);
    if (x instanceof Float64Array || x instanceof Var) return x;
    if (this.spec.toNumber && (typeof x === "boolean" || typeof x === "number")) return this.spec.toNumber(x);
    if (Array.isArray(x)) return Float64Array.from(x, (e) => (this.spec.toNumber ? this.spec.toNumber(e) : Number(e)));
    if (this.spec.toNumber) return this.spec.toNumber(x);
    throw new BorelError("bad-value", `${this.name}: cannot evaluate the density at ${describeValue(x)}`);
  }

  logpdf(x: unknown): number {
    const v = this.numeric(x);
    const k = this.spec.kernel;
    if (typeof v === "number") {
      if (this.size === -1) return k.f(v, this.p(0, 0), this.p(1, 0), this.p(2, 0));
    } else if (v instanceof Float64Array && typeof this.a === "number" && typeof this.b === "number" && typeof this.c === "number") {
      // A plain vector value with scalar parameters (an iid observation): the kernel's sum, as applyKernel would call it.
      if (this.size !== -1 && v.length !== this.size) return applyKernel(k, this.plainInputs(v)) as number;
      if (k.sum !== undefined) return k.sum(v.length, v, this.a, this.b, this.c, NO_GRADS);
      let s = 0;
      for (let i = 0; i < v.length; i++) s += k.f(v[i], this.a, this.b, this.c);
      return s;
    }
    return applyKernel(k, this.plainInputs(plain(v))) as number;
  }

  logpdfAD(x: unknown): Scalar {
    this.checkLength(x);
    return this.term(x, false) as Scalar;
  }

  logpdfElementsAD(x: unknown): Real {
    this.checkLength(x);
    return this.term(x, true);
  }

  /** The kernel over the value and the parameters (as given, so AD parameters get gradients). */
  private term(x: unknown, elementwise: boolean): Real {
    const ps = this.params, m = ps.length;
    return kernelTerm(this.spec.kernel, m + 1, this.numeric(x), m > 0 ? ps[0]! : 0, m > 1 ? ps[1]! : 0, m > 2 ? ps[2]! : 0, elementwise);
  }

  private checkLength(x: unknown): void {
    const n = x instanceof Float64Array || x instanceof Var ? lengthOf(x as Real) : -1;
    if (n !== -1 && this.size !== -1 && n !== this.size)
      throw new BorelError("shape", `${this.name}: value has length ${n} but the parameters have length ${this.size}`);
  }

  mean(): number | Float64Array {
    return this.perElement(this.spec.mean);
  }

  variance(): number | Float64Array {
    return this.perElement(this.spec.variance);
  }

  private perElement(f: ((a: P, b: P, c: P) => number) | undefined): number | Float64Array {
    const g = (i: number) => (f ? f(this.p(0, i), this.p(1, i), this.p(2, i)) : NaN);
    if (this.size === -1) return g(0);
    return Float64Array.from({ length: this.size }, (_, i) => g(i));
  }

  private enumerateImpl(): T[] {
    const e = this.spec.enumerate;
    if (!e || this.size !== -1)
      throw new BorelError("not-enumerable", `${this.name} with these parameters has no finite support to enumerate`);
    const s = this.support;
    if (s.kind === "integer") checkEnumerable(this, s.high - s.low + 1);
    const xs = e(this.p(0, 0), this.p(1, 0), this.p(2, 0));
    return xs.map((x) => (this.spec.fromNumber ? this.spec.fromNumber(x) : (x as T)));
  }

  get hasEnumerate(): boolean {
    return this.spec.enumerate !== undefined && this.size === -1;
  }

  private rsampleImpl(rng: Rng): Real {
    const r = this.spec.reparam;
    if (!r) throw new BorelError("no-reparam", `${this.name} has no reparameterized sampler`, { hint: "use a score-function gradient estimator" });
    const eps = this.size === -1 ? r.noise(rng) : Float64Array.from({ length: this.size }, () => r.noise(rng));
    return r.transform(eps, this.params as Real[]);
  }

  cdf(x: number): number {
    if (!this.spec.cdf || this.size !== -1) throw new BorelError("no-cdf", `${this.name} has no cdf here`);
    return this.spec.cdf(x, this.p(0, 0), this.p(1, 0), this.p(2, 0));
  }

  quantile(q: number): number {
    if (!this.spec.quantile || this.size !== -1) throw new BorelError("no-quantile", `${this.name} has no quantile function here`);
    // (Some families' formulas return finite numbers outside [0, 1]: cauchy's q(−0.1) = 3.08.)
    checkQuantileLevel(this.name, q);
    return this.spec.quantile(q, this.p(0, 0), this.p(1, 0), this.p(2, 0));
  }

  logcdfAD(x: number): Scalar {
    if (!this.spec.logcdfAD || this.size !== -1) throw new BorelError("no-cdf", `${this.name} has no differentiable cdf`);
    return this.spec.logcdfAD(x, this.params as Real[]);
  }

  toString(): string {
    const show = (v: number | Float64Array) => (typeof v === "number" ? String(+v.toPrecision(6)) : formatVector(v));
    return `${this.name}(${this.plainInputs(0).slice(1).map(show).join(", ")})`;
  }
}

/** No gradients wanted (a plain-number `sum`). */
const NO_GRADS: (Float64Array | null)[] = [null, null, null, null];
