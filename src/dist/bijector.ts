/**
 * The bijector interface: a smooth invertible map from unconstrained reals θ onto a support, with the log
 * absolute Jacobian determinant. A density p_X on the support becomes p_Θ(θ) = p_X(forward(θ))·|det J(θ)|
 * on R^k. Implementations: src/dist/bijectors.ts (elementwise) and src/dist/bijectors-vector.ts.
 *
 * @example
 * ```ts
 * const b: Bijector = bijectorFor({ kind: "unit" }, -1);
 * b.forward(0);   // 0.5
 * ```
 */
import type { Real, Scalar } from "../ad/var.js";

export interface Bijector {
  readonly name: string;
  /** Number of unconstrained reals for a value of `size` (−1: a scalar value, which needs 1). */
  unconstrainedSize(size: number): number;
  /** Unconstrained θ → constrained value; numbers, vectors and AD values. */
  forward(theta: Real): Real;
  /** Constrained value → unconstrained θ (plain values only). */
  inverse(x: number | Float64Array): number | Float64Array;
  /** log |det ∂forward/∂θ| (summed over elements); numbers, vectors and AD values. */
  logDetJ(theta: Real): Scalar;
}
