/**
 * `m`: AD-aware math for models (DESIGN.md: "models do arithmetic through t.m"). Every function accepts
 * numbers, Float64Array vectors and AD values, broadcasts scalars over vectors, and returns plain numbers
 * when no input is an AD value — so one model body serves simulation (numbers) and gradients (AD values).
 *
 * @example
 * ```ts
 * const model = gen((t, x: Float64Array) => {
 *   const w = t.sample("w", normal(0, 1));
 *   const mu = t.m.add(t.m.mul(w, x), 1);     // works for numbers and AD values
 *   t.observe("y", normal(mu, 1), ys);
 * });
 * ```
 */
import { BorelError } from "../util/errors.js";
import { add, div, max, min, mul, neg, pow, sub } from "./arith.js";
import { concat, cumsum, dot, gather, index, logSumExp, matVec, mean, slice, stack, sum } from "./reduce.js";
import * as u from "./unary.js";
import { lengthOf } from "./elementwise.js";
import { Var, valueOf, type Real, type Scalar } from "./var.js";

function compare(name: string, a: Real, b: Real): [number, number] {
  const av = valueOf(a), bv = valueOf(b);
  if (typeof av !== "number" || typeof bv !== "number")
    throw new BorelError("shape", `${name}: compares two scalars, got a vector`, { hint: "compare elements: m.index(v, i)" });
  return [av, bv];
}

/**
 * x − max(x) (the max a constant: the functions below are invariant to it), so that large inputs lose no
 * digits: softmax([1000, 1000]) is exactly [0.5, 0.5], not exp(1000 − (1000 + log 2)).
 */
function shifted(x: Real): Real {
  const v = valueOf(x);
  if (typeof v === "number") return x;
  let top = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i]! > top) top = v[i]!;
  return Number.isFinite(top) ? sub(x, top) : x;
}

/** log softmax of a vector: x − logSumExp(x), computed on x − max(x). */
function logSoftmax(x: Real): Real {
  const s = shifted(x);
  return sub(s, logSumExp(s));
}

/** softmax of a vector: exp(x − max(x)) / Σ exp(x − max(x)). */
function softmax(x: Real): Real {
  const e = u.exp(shifted(x));
  return div(e, sum(e));
}

export const m = {
  add, sub, mul, div, neg, pow, min, max,
  exp: u.exp, log: u.log, log1p: u.log1p, expm1: u.expm1, sqrt: u.sqrt, square: u.square, abs: u.abs,
  sin: u.sin, cos: u.cos, tanh: u.tanh, logistic: u.logistic, logit: u.logit, softplus: u.softplus,
  logLogistic: u.logLogistic, lgamma: u.lgamma, digamma: u.digamma, erf: u.erf,
  normalCdf: u.normalCdfAD, normalLogCdf: u.normalLogCdfAD, gelu: u.gelu,
  sum, mean, dot, logSumExp, matVec, index, gather, stack, slice, concat, cumsum,
  logSoftmax,
  softmax,
  /** The plain value (number or Float64Array) of x, dropping its gradient. */
  value: valueOf,
  /** The plain number value of a scalar x. */
  num(x: Real): number {
    const v = valueOf(x);
    if (typeof v !== "number") throw new BorelError("shape", "expected a scalar, got a vector");
    return v;
  },
  /** True when x is an AD value. */
  isAD: (x: unknown): x is Var => x instanceof Var,
  /** Number of elements of a vector (1 for a scalar). */
  length: (x: Real): number => Math.max(1, lengthOf(x, "length")),
  lt: (a: Real, b: Real): boolean => { const [x, y] = compare("lt", a, b); return x < y; },
  le: (a: Real, b: Real): boolean => { const [x, y] = compare("le", a, b); return x <= y; },
  gt: (a: Real, b: Real): boolean => { const [x, y] = compare("gt", a, b); return x > y; },
  ge: (a: Real, b: Real): boolean => { const [x, y] = compare("ge", a, b); return x >= y; },
  eq: (a: Real, b: Real): boolean => { const [x, y] = compare("eq", a, b); return x === y; },
};

export type ADMath = typeof m;
export type { Real, Scalar };
