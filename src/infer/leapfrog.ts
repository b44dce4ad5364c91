/**
 * Phase-space points and the leapfrog (Störmer–Verlet) integrator for H(q, p) = −log π(q) + ½ pᵀ M⁻¹ p.
 *
 * A `GradientTarget` is any log density with its gradient on R^n — an `UnconstrainedView` of a trace, or a
 * plain function in tests. A `PhasePoint` holds the position, momentum, velocity M⁻¹p, log density and its
 * gradient; the integrator updates it in place, one gradient evaluation per step:
 *
 *     p ← p + ε/2 ∇log π(q);   q ← q + ε M⁻¹p;   p ← p + ε/2 ∇log π(q)
 *
 * Each half step is a shear, so the map preserves volume, and with p negated it is its own inverse — the two
 * facts the Metropolis correction of HMC and NUTS rests on.
 *
 * @example
 * ```ts
 * const target = { dim: 1, logDensityGradient: (q, g) => { g[0] = -q[0]; return -0.5 * q[0] * q[0]; } };
 * const z = new PhasePoint(1); z.q[0] = 1; initPoint(target, unitMetric(1), z);
 * leapfrog(target, unitMetric(1), z, 0.1);
 * hamiltonian(unitMetric(1), z);   // ≈ its initial value
 * ```
 */
import type { Metric } from "./metric.js";

export interface GradientTarget {
  readonly dim: number;
  /** log π(q); writes ∇log π(q) into `grad`. −∞ outside the support. */
  logDensityGradient(q: Float64Array, grad: Float64Array): number;
}

export class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  /** M⁻¹ p. */
  readonly v: Float64Array;
  readonly grad: Float64Array;
  logp = -Infinity;

  constructor(readonly dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.v = new Float64Array(dim);
    this.grad = new Float64Array(dim);
  }

  copyFrom(o: PhasePoint): this {
    this.q.set(o.q); this.p.set(o.p); this.v.set(o.v); this.grad.set(o.grad);
    this.logp = o.logp;
    return this;
  }

  clone(): PhasePoint {
    return new PhasePoint(this.dim).copyFrom(this);
  }
}

/** Evaluates log π and its gradient at z.q and the velocity of z.p. */
export function initPoint(target: GradientTarget, metric: Metric, z: PhasePoint): void {
  z.logp = target.logDensityGradient(z.q, z.grad);
  metric.velocity(z.p, z.v);
}

/** H(q, p) = −log π(q) + K(p); +∞ when log π is not finite. */
export function hamiltonian(metric: Metric, z: PhasePoint): number {
  const h = -z.logp + metric.kinetic(z.p);
  return h === h ? h : Infinity;
}

/** One leapfrog step of size `eps` (negative to integrate backwards), in place. */
export function leapfrog(target: GradientTarget, metric: Metric, z: PhasePoint, eps: number): void {
  const { q, p, v, grad } = z, n = q.length, h = 0.5 * eps;
  for (let i = 0; i < n; i++) p[i] += h * grad[i];
  metric.velocity(p, v);
  for (let i = 0; i < n; i++) q[i] += eps * v[i];
  z.logp = target.logDensityGradient(q, grad);
  for (let i = 0; i < n; i++) p[i] += h * grad[i];
  metric.velocity(p, v);
}
