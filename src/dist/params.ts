/**
 * Parameter validation shared by every distribution (STYLE.md 8: one wrapper at the primitive boundary).
 * Errors name the distribution and the argument: "gamma: argument 'rate' must be > 0, got -1".
 */
import { BorelError } from "../util/errors.js";
import { Var, type Real } from "../ad/var.js";

export type ParamCheck = "real" | "positive" | "nonnegative" | "probability" | "count" | "positive_int" | "any";

const DESCRIBE: Record<ParamCheck, string> = {
  real: "a finite number",
  positive: "> 0 and finite",
  nonnegative: "≥ 0 and finite",
  probability: "in [0, 1]",
  count: "a non-negative integer",
  positive_int: "a positive integer",
  any: "",
};

/** True when the number `v` passes `check`. */
export function paramOk(check: ParamCheck, v: number): boolean {
  switch (check) {
    case "real": return Number.isFinite(v);
    case "positive": return v > 0 && v < Infinity;
    case "nonnegative": return v >= 0 && v < Infinity;
    case "probability": return v >= 0 && v <= 1;
    case "count": return Number.isInteger(v) && v >= 0;
    case "positive_int": return Number.isInteger(v) && v > 0;
    case "any": return !Number.isNaN(v);
  }
}

export function badParameter(dist: string, arg: string, message: string, hint?: string): BorelError {
  return new BorelError("bad-parameter", `${dist}: argument '${arg}' ${message}`, { hint });
}

/** Throws unless q is a probability (the level of a quantile), naming the distribution. */
export function checkQuantileLevel(dist: string, q: number): void {
  if (!(q >= 0 && q <= 1)) throw new BorelError("bad-value", `${dist}: the quantile level must be in [0, 1], got ${q}`, { hint: "a probability: quantile(0.5) is the median" });
}

/** Converts a parameter to a number or Float64Array (accepting AD values, booleans not allowed) or throws. */
export function realParam(dist: string, arg: string, x: unknown): Real {
  if (typeof x === "number" || x instanceof Float64Array || x instanceof Var) return x;
  if (Array.isArray(x) && x.every((e) => typeof e === "number")) return Float64Array.from(x as number[]);
  throw badParameter(dist, arg, `must be a number or a vector of numbers, got ${describeValue(x)}`);
}

/** Checks every element of a parameter against `check`, naming the argument on failure. */
export function checkParam(dist: string, arg: string, x: Real, check: ParamCheck): void {
  if (check === "any") return;
  const v = x instanceof Var ? (x.xs ?? x.x) : x;
  if (typeof v === "number") {
    if (!paramOk(check, v)) throw badParameter(dist, arg, `must be ${DESCRIBE[check]}, got ${v}`, RANGE_HINT[check]);
    return;
  }
  for (let i = 0; i < v.length; i++)
    if (!paramOk(check, v[i])) throw badParameter(dist, arg, `must be ${DESCRIBE[check]}, got ${v[i]} at element ${i}`, RANGE_HINT[check]);
}

/** Where an out-of-range parameter usually comes from: a random choice whose prior allows the bad values. */
const RANGE_HINT: Partial<Record<ParamCheck, string>> = {
  positive: "if it comes from a random choice, give that choice a positive prior (half_normal, half_cauchy, lognormal, gamma, exponential) or transform it (exp(x))",
  nonnegative: "if it comes from a random choice, give that choice a non-negative prior (half_normal, half_cauchy, gamma, exponential)",
  probability: "if it comes from a random choice, give that choice a prior on [0, 1] (beta, uniform(0, 1)) or transform it (logistic(x))",
};

/** A short description of a JS value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "nothing (undefined)";
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "…" : x)}`;
  if (typeof x === "boolean" || typeof x === "number") return String(x);
  if (x instanceof Float64Array) return `a vector of length ${x.length}`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (x instanceof Var) return x.xs ? `an AD vector of length ${x.xs.length}` : "an AD scalar";
  if (typeof x === "object" && "logpdf" in (x as object)) return "a distribution";
  return typeof x;
}
