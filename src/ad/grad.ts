/**
 * Gradients of functions of a vector, on a reusable tape.
 *
 * @example
 * ```ts
 * const { value, grad } = gradient((th) => m.sum(m.square(th)), new Float64Array([1, 2]));
 * // value 5, grad [2, 4]
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Tape, Var, type Real } from "./var.js";

export interface ValueAndGradient {
  value: number;
  grad: Float64Array;
}

/**
 * Value and gradient of f at x. `f` receives x as one AD vector; the result must be a scalar.
 * Pass `tape` to reuse one across calls (it is reset first).
 */
export function gradient(f: (x: Var) => Real, x: Float64Array, tape = new Tape()): ValueAndGradient {
  tape.reset();
  const leaf = tape.vector(x);
  const out = f(leaf);
  const grad = new Float64Array(x.length);
  if (typeof out === "number") return { value: out, grad };
  if (!(out instanceof Var)) throw new BorelError("ad-shape", "gradient: f must return a scalar, got a vector");
  leaf.gs = grad; // the leaf's adjoint accumulates straight into the result
  tape.backward(out);
  return { value: out.x, grad };
}

/** Central finite-difference gradient (for tests and debugging). */
export function finiteDifference(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length), xp = x.slice();
  for (let i = 0; i < x.length; i++) {
    const step = h * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + step; const fp = f(xp);
    xp[i] = x[i] - step; const fm = f(xp);
    xp[i] = x[i];
    g[i] = (fp - fm) / (2 * step);
  }
  return g;
}
