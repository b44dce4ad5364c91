/**
 * Supports of distributions: where a value may lie. Each support has one bijector to unconstrained space
 * (src/dist/bijectors.ts) used by HMC, NUTS and VI.
 */
import { nextDown, nextUp } from "../math/ulp.js";

export type Support =
  | { kind: "real" }
  | { kind: "positive" }
  | { kind: "unit" }
  | { kind: "interval"; low: number | Float64Array; high: number | Float64Array }
  | { kind: "greater"; low: number | Float64Array }
  | { kind: "less"; high: number | Float64Array }
  | { kind: "simplex" }
  /** Increasing vectors, within [low, high] when the bounds are given (order statistics of a bounded base). */
  | { kind: "ordered"; low?: number; high?: number }
  | { kind: "positive_ordered" }
  | { kind: "boolean" }
  | { kind: "integer"; low: number; high: number }
  | { kind: "point" };

export const REAL: Support = { kind: "real" };
export const POSITIVE: Support = { kind: "positive" };
export const UNIT: Support = { kind: "unit" };
export const BOOLEAN: Support = { kind: "boolean" };
export const NONNEGATIVE_INT: Support = { kind: "integer", low: 0, high: Infinity };

/** True when values of this support are discrete (integers, booleans, a point mass). */
export function isDiscreteSupport(s: Support): boolean {
  return s.kind === "boolean" || s.kind === "integer";
}

/** A short human description, for error messages ("x > 0", "0 ≤ x ≤ 1", ...). */
export function describeSupport(s: Support): string {
  switch (s.kind) {
    case "real": return "any real number";
    case "positive": return "x > 0";
    case "unit": return "0 < x < 1";
    case "interval": return `${fmt(s.low)} < x < ${fmt(s.high)}`;
    case "greater": return `x > ${fmt(s.low)}`;
    case "less": return `x < ${fmt(s.high)}`;
    case "simplex": return "a probability vector (x_i ≥ 0, Σ x_i = 1)";
    case "ordered": return s.low !== undefined || s.high !== undefined ? `an increasing vector with ${s.low ?? -Infinity} < x_i < ${s.high ?? Infinity}` : "an increasing vector";
    case "positive_ordered": return "an increasing vector of positive numbers";
    case "boolean": return "true/false (or 0/1)";
    case "integer": return s.high === Infinity ? `an integer ≥ ${s.low}` : `an integer in ${s.low}..${s.high}`;
    case "point": return "a single point";
  }
}

function fmt(v: number | Float64Array): string {
  return typeof v === "number" ? String(v) : "[vector]";
}

/**
 * A continuous draw moved, when it is not strictly inside its support, to the nearest double that is: a
 * boundary value or an overflow to ±∞ stands for a true value just inside that the double format cannot hold
 * (gamma(0.001) draws of 10^-400 underflow to 0, beta(0.05, 0.05) draws round to 1, student_t(0.01) draws
 * overflow). At the boundary the density is often infinite or zero, which would stop the run or give the draw
 * weight zero; a continuous distribution puts no mass there. `i` picks the element of a vector bound.
 */
export function insideSupport(x: number, s: Support, i = 0): number {
  let low = -Infinity, high = Infinity;
  switch (s.kind) {
    case "real": break;
    case "positive": low = 0; break;
    case "unit": low = 0; high = 1; break;
    case "interval": low = at(s.low, i); high = at(s.high, i); break;
    case "greater": low = at(s.low, i); break;
    case "less": high = at(s.high, i); break;
    default: return x;
  }
  if (x > low && x < high) return x;
  if (Number.isNaN(x) || !(low < high)) return x;
  return x <= low ? nextUp(low) : nextDown(high);
}

const at = (v: number | Float64Array, i: number): number => (typeof v === "number" ? v : v[i]);
