/**
 * Scalar families: one definition per element (density kernel, sampler, moments) gives a distribution over a
 * number — or, when any parameter is a vector, over an iid-by-element `Float64Array` at one address whose log
 * density is the sum (one AD node, src/ad/kernel.ts). Parameters are validated once, at construction, and
 * errors name the argument. Positional order equals the named order of `params`.
 *
 * @example
 * ```ts
 * export const exponential = scalarFamily({
 *   name: "exponential", params: [{ name: "rate", check: "positive" }], support: () => POSITIVE,
 *   kernel: EXPONENTIAL_KERNEL, sample: (rng, rate) => -Math.log(rng.open01()) / rate,
 *   mean: (rate) => 1 / rate, variance: (rate) => 1 / (rate * rate),
 * });
 * ```
 */
import { lengthOf, plain } from "../ad/elementwise.js";
import { Var, type Real } from "../ad/var.js";
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { badParameter, checkParam, paramOk, realParam } from "./params.js";
import { factsOf, ScalarDistribution, type ScalarFamilySpec } from "./scalar-distribution.js";

export type { ParamSpec, ScalarFamilySpec } from "./scalar-distribution.js";

/**
 * The constructor of a scalar family, typed by its arguments: all numbers give a `Distribution<T>` (a number,
 * or a boolean for bernoulli), any plain vector a `Distribution<Float64Array>`, anything else (AD values) the union.
 */
export interface FamilyConstructor<T> {
  (...params: number[]): Distribution<T>;
  (...params: (number | Float64Array | readonly number[])[]): Distribution<Float64Array>;
  (...params: unknown[]): Distribution<T | Float64Array>;
}

/**
 * Builds the constructor of a scalar family. The constructor takes parameters positionally (missing trailing
 * ones take their defaults) and validates them.
 */
export function scalarFamily<T = number>(spec: ScalarFamilySpec<T>): FamilyConstructor<T> {
  const specs = spec.params, arity = specs.length;
  const facts = factsOf(spec);
  const checks = specs.map((p) => p.check);
  /** The general path: defaults, vectors, AD values, lengths. */
  const general = (raw: unknown[]): Distribution<T | Float64Array> => {
    if (raw.length > arity)
      throw new BorelError("arity", `${spec.name} takes ${arity} argument(s) (${specs.map((p) => p.name).join(", ")}), got ${raw.length}`);
    const params: Real[] = new Array(arity);
    let size = -1;
    for (let j = 0; j < arity; j++) {
      const ps = specs[j];
      let x = raw[j];
      if (x === undefined) {
        if (ps.default === undefined) throw badParameter(spec.name, ps.name, "is missing", `${spec.name}(${specs.map((p) => p.name).join(", ")})`);
        x = ps.default;
      }
      const r = typeof x === "number" ? x : realParam(spec.name, ps.name, x);
      checkParam(spec.name, ps.name, r, ps.check);
      const l = typeof r === "number" ? -1 : lengthOf(r);
      if (l !== -1) {
        if (size !== -1 && l !== size) throw badParameter(spec.name, ps.name, `has length ${l} but an earlier argument has length ${size}`);
        size = l;
      }
      params[j] = r;
    }
    if (spec.validate) spec.validate(...params.map(plain));
    return new ScalarDistribution<T>(spec, params, size, facts);
  };
  /** Every parameter a number or a scalar AD value (a prior or likelihood inside a gradient): checked in place. */
  const scalarAD = (raw: unknown[]): Distribution<T | Float64Array> => {
    const values: number[] = new Array(arity);
    for (let j = 0; j < arity; j++) {
      const x = raw[j];
      let v: number;
      if (typeof x === "number") v = x;
      else if (x instanceof Var && x.xs === null) v = x.x;
      else return general(raw); // a vector somewhere: the general path
      if (!paramOk(checks[j]!, v)) checkParam(spec.name, specs[j]!.name, v, checks[j]!); // throws, naming the argument
      values[j] = v;
    }
    if (spec.validate) spec.validate(...values);
    return new ScalarDistribution<T>(spec, raw as Real[], -1, facts, values);
  };
  // The last distribution built from plain numbers. Distributions are immutable values, so a call with the same
  // numbers (an observation in a loop, a prior at every MCMC step) returns it again: one object, not one per
  // draw site, in the traces that keep them.
  let last: ScalarDistribution<T> | null = null;
  let l0 = NaN, l1 = NaN, l2 = NaN;
  const make = (...raw: unknown[]): Distribution<T | Float64Array> => {
    // The common case — every parameter given as a number — checks each in place and keeps `raw` as `params`.
    if (raw.length !== arity) return general(raw);
    const x0 = raw[0], x1 = raw[1], x2 = raw[2];
    if (last !== null && sameNumber(x0, l0, arity > 0) && sameNumber(x1, l1, arity > 1) && sameNumber(x2, l2, arity > 2)) return last;
    for (let j = 0; j < arity; j++) {
      const x = raw[j];
      if (typeof x !== "number") return x instanceof Var && x.xs === null ? scalarAD(raw) : general(raw);
      if (!paramOk(checks[j]!, x)) checkParam(spec.name, specs[j]!.name, x, checks[j]!); // throws, naming the argument
    }
    if (spec.validate) spec.validate(...(raw as number[]));
    last = new ScalarDistribution<T>(spec, raw as number[], -1, facts, raw as number[]);
    l0 = x0 as number; l1 = x1 as number; l2 = x2 as number;
    return last;
  };
  Object.defineProperty(make, "name", { value: spec.name });
  return make as FamilyConstructor<T>;
}

/** True when parameter `x` is the number `last` (zeros by sign), or when the family has no such parameter. */
function sameNumber(x: unknown, last: number, used: boolean): boolean {
  if (!used) return true;
  return x === last && (x !== 0 || 1 / x === 1 / last);
}

