/**
 * The NUTS trajectory builder, as Stan implements it (stan-dev/stan `base_nuts.hpp`; Betancourt 2017,
 * "A Conceptual Introduction to Hamiltonian Monte Carlo", appendix A):
 *
 * - the trajectory doubles in a random direction until the *generalized no-U-turn criterion* fails for the
 *   whole trajectory, for any subtree, or for either half of a merge extended by one point of the other half
 *   (the "extra checks across subtrees" that catch U-turns straddling a boundary); or until `maxDepth`;
 * - points are weighted by e^{−H}; within a subtree the proposal is drawn by uniform progressive
 *   multinomial sampling, across doublings by *biased* progressive sampling (the new subtree replaces the
 *   sample with probability min(1, w_new / w_old)), which favours points far from the start;
 * - a point with H − H0 > `maxDeltaH` (1000) is a divergence: the subtree stops and is discarded.
 *
 * The criterion for a stretch of trajectory with momentum sum ρ and end velocities p♯₋, p♯₊ (p♯ = M⁻¹p) is
 * p♯₋·ρ > 0 ∧ p♯₊·ρ > 0. Scratch arrays are allocated once per depth (recursion-safe: a call at depth d
 * touches only level d while its children use level d − 1).
 */
import type { Rng } from "../../rand/rng.js";
import { hamiltonian, leapfrog, PhasePoint, type GradientTarget } from "../leapfrog.js";
import type { Metric } from "../metric.js";

/** Scratch of one recursion level. */
class Level {
  readonly zFinal: PhasePoint;
  readonly pInitEnd: Float64Array;
  readonly vInitEnd: Float64Array;
  readonly rhoInit: Float64Array;
  readonly pFinalBeg: Float64Array;
  readonly vFinalBeg: Float64Array;
  readonly rhoFinal: Float64Array;
  constructor(n: number) {
    this.zFinal = new PhasePoint(n);
    this.pInitEnd = new Float64Array(n); this.vInitEnd = new Float64Array(n); this.rhoInit = new Float64Array(n);
    this.pFinalBeg = new Float64Array(n); this.vFinalBeg = new Float64Array(n); this.rhoFinal = new Float64Array(n);
  }
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** p♯₋·(ρ + e) > 0 ∧ p♯₊·(ρ + e) > 0, with e an optional extra momentum (the extended-subtree checks). */
export function noUTurn(vMinus: Float64Array, vPlus: Float64Array, rho: Float64Array, extra?: Float64Array): boolean {
  let a = dot(vMinus, rho), b = dot(vPlus, rho);
  if (extra !== undefined) { a += dot(vMinus, extra); b += dot(vPlus, extra); }
  return a > 0 && b > 0;
}

export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Builds subtrees by recursion from the moving point `z`; accumulates the transition's statistics. */
export class TreeBuilder {
  /** The moving point (the current end of the trajectory). */
  readonly z: PhasePoint;
  nLeapfrog = 0;
  sumMetroProb = 0;
  divergent = false;
  H0 = 0;
  eps = 1;
  maxDeltaH = 1000;
  metric!: Metric;
  rng!: Rng;
  private readonly levels: Level[] = [];

  constructor(readonly target: GradientTarget, readonly dim: number) {
    this.z = new PhasePoint(dim);
  }

  private level(d: number): Level {
    while (this.levels.length <= d) this.levels.push(new Level(this.dim));
    return this.levels[d];
  }

  /**
   * Builds a subtree of 2^depth leapfrog steps in direction `sign` from `z`. Writes the multinomial proposal
   * into `zPropose`, the momenta and velocities of its first and last points, and adds its momenta to `rho`.
   * Returns the log of the subtree's summed weight Σ e^{H0 − H}, or NaN when the subtree is invalid
   * (divergent or U-turning), in which case the caller discards it.
   */
  build(depth: number, sign: number, zPropose: PhasePoint, vBeg: Float64Array, vEnd: Float64Array,
    rho: Float64Array, pBeg: Float64Array, pEnd: Float64Array): number {
    const z = this.z;
    if (depth === 0) {
      leapfrog(this.target, this.metric, z, sign * this.eps);
      this.nLeapfrog++;
      const h = hamiltonian(this.metric, z);
      if (h - this.H0 > this.maxDeltaH) this.divergent = true;
      const lw = this.H0 - h;
      this.sumMetroProb += lw > 0 ? 1 : Math.exp(lw);
      zPropose.copyFrom(z);
      for (let i = 0; i < rho.length; i++) rho[i] += z.p[i];
      vBeg.set(z.v); vEnd.set(z.v); pBeg.set(z.p); pEnd.set(z.p);
      return this.divergent ? NaN : lw;
    }
    const L = this.level(depth);
    L.rhoInit.fill(0);
    const lwInit = this.build(depth - 1, sign, zPropose, vBeg, L.vInitEnd, L.rhoInit, pBeg, L.pInitEnd);
    if (Number.isNaN(lwInit)) return NaN;
    L.rhoFinal.fill(0);
    const lwFinal = this.build(depth - 1, sign, L.zFinal, L.vFinalBeg, vEnd, L.rhoFinal, L.pFinalBeg, pEnd);
    if (Number.isNaN(lwFinal)) return NaN;
    const lw = logAddExp(lwInit, lwFinal);
    // Uniform progressive sampling inside a subtree: the final half's proposal wins with probability w_final / w.
    if (this.rng.double() < Math.exp(lwFinal - lw)) zPropose.copyFrom(L.zFinal);
    const rhoInit = L.rhoInit, rhoFinal = L.rhoFinal;
    for (let i = 0; i < rho.length; i++) rho[i] += rhoInit[i] + rhoFinal[i];
    // The subtree's own criterion (ρ_subtree = ρ_init + ρ_final) ...
    let a = 0, b = 0;
    for (let i = 0; i < rhoInit.length; i++) { const r = rhoInit[i] + rhoFinal[i]; a += vBeg[i] * r; b += vEnd[i] * r; }
    if (!(a > 0 && b > 0)) return NaN;
    // ... and each half extended by the nearest point of the other half.
    if (!noUTurn(vBeg, L.vFinalBeg, rhoInit, L.pFinalBeg)) return NaN;
    if (!noUTurn(L.vInitEnd, vEnd, rhoFinal, L.pInitEnd)) return NaN;
    return lw;
  }
}
