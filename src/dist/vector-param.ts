/**
 * Validation of vector parameters (categorical's probs, dirichlet's alpha, mixture's weights) with errors
 * that name the distribution and the argument, like src/dist/params.ts does for scalars.
 *
 * @example
 * ```ts
 * vectorParam("dirichlet", "alpha", [1, 2, 3], "positive");   // Float64Array [1, 2, 3]
 * vectorParam("dirichlet", "alpha", 3, "positive");           // throws: argument 'alpha' must be a vector …
 * ```
 */
import { plain } from "../ad/elementwise.js";
import { stack } from "../ad/reduce.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { badParameter, checkParam, describeValue, type ParamCheck } from "./params.js";

/** A vector parameter (Float64Array, number[], an array of numbers and AD scalars, or an AD vector) checked elementwise; throws naming `arg`. */
export function vectorParam(dist: string, arg: string, x: unknown, check: ParamCheck, minLength = 1): Real {
  let v: Real;
  if (x instanceof Float64Array) v = x;
  else if (x instanceof Var && x.xs !== null) v = x;
  else if (Array.isArray(x) && x.every((e) => typeof e === "number")) v = Float64Array.from(x as number[]);
  else if (Array.isArray(x) && x.length > 0 && x.every((e) => typeof e === "number" || (e instanceof Var && e.xs === null))) v = stack(x as Scalar[]);
  else throw badParameter(dist, arg, `must be a vector of numbers, got ${describeValue(x)}`);
  const n = (plain(v) as Float64Array).length;
  if (n < minLength) throw badParameter(dist, arg, `must have at least ${minLength} element(s), got ${n}`);
  checkParam(dist, arg, v, check);
  return v;
}

/** Checks that a probability vector sums to 1 within 1e-6 (the tolerance absorbs rounding in user data). */
export function checkSumsToOne(dist: string, arg: string, p: Float64Array): void {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i];
  if (!(Math.abs(s - 1) <= 1e-6)) throw badParameter(dist, arg, `must sum to 1, got a sum of ${s}`, "normalize the vector (divide by its sum) or use the logit form");
}

/** The plain Float64Array of a vector parameter. */
export const plainVector = (x: Real): Float64Array => plain(x) as Float64Array;

/** A vector parameter as text: its elements when few (`[1, 1]`), else the first ones and the length. */
export function formatVector(xs: ArrayLike<number>): string {
  const n = xs.length, shown = Array.from({ length: Math.min(n, n <= 6 ? n : 4) }, (_, i) => String(+xs[i]!.toPrecision(6)));
  return n <= 6 ? `[${shown.join(", ")}]` : `[${shown.join(", ")}, … (${n} elements)]`;
}

/** "name(a, [1, 2])" for toString. */
export function formatDistribution(name: string, params: readonly unknown[]): string {
  const show = (v: unknown): string => {
    if (typeof v === "number") return String(+v.toPrecision(6));
    if (v instanceof Var) return v.xs === null ? String(+v.x.toPrecision(6)) : formatVector(v.xs);
    if (v instanceof Float64Array) return formatVector(v);
    if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
    if (typeof v === "object" && v !== null && typeof (v as { toString?: unknown }).toString === "function") return String(v);
    return String(v);
  };
  return `${name}(${params.map(show).join(", ")})`;
}
