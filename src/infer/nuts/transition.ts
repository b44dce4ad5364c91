/**
 * One NUTS transition (Stan's `base_nuts::transition`): fresh momentum, then doublings in random
 * directions until the no-U-turn criterion fails (across the merged trajectory and across each half
 * extended by the nearest point of the other), a subtree is invalid, or `maxDepth` is reached. The new state
 * is drawn along the trajectory by biased progressive multinomial sampling (`tree.ts`).
 *
 * Statistics (as Stan's sampler parameters): `accept_stat` = mean over all leapfrog steps of
 * min(1, e^{H0 − H}) (dual averaging adapts the step size on it), `tree_depth`, `n_leapfrog`, `divergent`,
 * and `energy` = H at the returned point (for E-BFMI).
 *
 * @example
 * ```ts
 * const nuts = new NutsTransition(target);
 * const next = new PhasePoint(target.dim);
 * const s = nuts.run(current, unitMetric(target.dim), { stepSize: 0.5, maxDepth: 10 }, rng, next);
 * s.tree_depth; s.divergent;
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import { hamiltonian, PhasePoint, type GradientTarget } from "../leapfrog.js";
import type { Metric } from "../metric.js";
import { logAddExp, noUTurn, TreeBuilder } from "./tree.js";

export interface NutsSettings {
  stepSize: number;
  /** Maximum tree depth (2^maxDepth − 1 leapfrog steps at most). Default 10. */
  maxDepth?: number;
  /** Energy error that counts as a divergence. Default 1000. */
  maxDeltaH?: number;
}

export interface NutsStats {
  accept_stat: number;
  tree_depth: number;
  n_leapfrog: number;
  divergent: boolean;
  energy: number;
  step_size: number;
}

export class NutsTransition {
  private readonly tree: TreeBuilder;
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly v: Float64Array[];
  private readonly p: Float64Array[];
  private readonly rho: Float64Array;
  private readonly rhoFwd: Float64Array;
  private readonly rhoBck: Float64Array;

  constructor(readonly target: GradientTarget) {
    const n = target.dim;
    this.tree = new TreeBuilder(target, n);
    this.zFwd = new PhasePoint(n); this.zBck = new PhasePoint(n); this.zPropose = new PhasePoint(n);
    // Velocities and momenta of the four boundary points: [fwdFwd, fwdBck, bckFwd, bckBck].
    this.v = Array.from({ length: 4 }, () => new Float64Array(n));
    this.p = Array.from({ length: 4 }, () => new Float64Array(n));
    this.rho = new Float64Array(n); this.rhoFwd = new Float64Array(n); this.rhoBck = new Float64Array(n);
  }

  /**
   * From `current` (position, log density and gradient valid; momentum ignored) to `out` (position, a
   * momentum, log density and gradient of the drawn point).
   */
  run(current: PhasePoint, metric: Metric, settings: NutsSettings, rng: Rng, out: PhasePoint): NutsStats {
    const t = this.tree, maxDepth = settings.maxDepth ?? 10;
    const [vFF, vFB, vBF, vBB] = this.v, [pFF, pFB, pBF, pBB] = this.p;
    const { rho, rhoFwd, rhoBck, zFwd, zBck, zPropose } = this;
    t.metric = metric; t.rng = rng; t.eps = settings.stepSize; t.maxDeltaH = settings.maxDeltaH ?? 1000;
    t.nLeapfrog = 0; t.sumMetroProb = 0; t.divergent = false;

    const z0 = t.z.copyFrom(current);
    metric.sampleMomentum(rng, z0.p);
    metric.velocity(z0.p, z0.v);
    zFwd.copyFrom(z0); zBck.copyFrom(z0); out.copyFrom(z0);
    for (let k = 0; k < 4; k++) { this.v[k].set(z0.v); this.p[k].set(z0.p); }
    rho.set(z0.p);
    t.H0 = hamiltonian(metric, z0);
    let logSumWeight = 0, depth = 0;

    while (depth < maxDepth) {
      let lwSub: number;
      if (rng.double() > 0.5) {
        // Forward: the old trajectory becomes the backward half.
        t.z.copyFrom(zFwd);
        rhoBck.set(rho); pBF.set(pFF); vBF.set(vFF);
        rhoFwd.fill(0);
        lwSub = t.build(depth, 1, zPropose, vFB, vFF, rhoFwd, pFB, pFF);
        zFwd.copyFrom(t.z);
      } else {
        t.z.copyFrom(zBck);
        rhoFwd.set(rho); pFB.set(pBB); vFB.set(vBB);
        rhoBck.fill(0);
        lwSub = t.build(depth, -1, zPropose, vBF, vBB, rhoBck, pBF, pBB);
        zBck.copyFrom(t.z);
      }
      if (Number.isNaN(lwSub)) break;
      depth++;
      // Biased progressive sampling across doublings.
      if (lwSub > logSumWeight || rng.double() < Math.exp(lwSub - logSumWeight)) out.copyFrom(zPropose);
      logSumWeight = logAddExp(logSumWeight, lwSub);
      for (let i = 0; i < rho.length; i++) rho[i] = rhoBck[i] + rhoFwd[i];
      if (!noUTurn(vBB, vFF, rho)) break;
      if (!noUTurn(vBB, vFB, rhoBck, pFB)) break;
      if (!noUTurn(vBF, vFF, rhoFwd, pBF)) break;
    }
    const accept = t.nLeapfrog > 0 ? t.sumMetroProb / t.nLeapfrog : 0;
    return {
      accept_stat: Number.isFinite(accept) ? Math.min(1, Math.max(0, accept)) : 0,
      tree_depth: depth, n_leapfrog: t.nLeapfrog, divergent: t.divergent,
      energy: hamiltonian(metric, out), step_size: settings.stepSize,
    };
  }
}
