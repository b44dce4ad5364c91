/**
 * A reasonable first step size (Stan's `base_hmc::init_stepsize`; Hoffman & Gelman 2014, Algorithm 4): from
 * a point, take one leapfrog step with fresh momentum and compare the energy change ΔH with log 0.8. If
 * e^{−ΔH} > 0.8 the step size doubles until it no longer is, otherwise it halves until it is. Run at the
 * start of warmup and after each metric update, before dual averaging restarts around 10× the result.
 *
 * @example
 * ```ts
 * const eps = initStepSize(view, metric, point, 1, rng);
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import { hamiltonian, leapfrog, PhasePoint, type GradientTarget } from "./leapfrog.js";
import type { Metric } from "./metric.js";

const LOG_08 = Math.log(0.8);

/** Energy change (H0 − H1) of one leapfrog step of size `eps` from `start` with fresh momentum. */
function trialDeltaH(target: GradientTarget, metric: Metric, start: PhasePoint, eps: number, rng: Rng, z: PhasePoint): number {
  z.copyFrom(start);
  metric.sampleMomentum(rng, z.p);
  metric.velocity(z.p, z.v);
  const h0 = hamiltonian(metric, z);
  leapfrog(target, metric, z, eps);
  const d = h0 - hamiltonian(metric, z);
  return d === d ? d : -Infinity;
}

/** The step size found from `start` (position, log density and gradient valid), beginning at `stepSize`. */
export function initStepSize(target: GradientTarget, metric: Metric, start: PhasePoint, stepSize: number, rng: Rng): number {
  if (!(stepSize > 0 && stepSize <= 1e7)) return stepSize;
  const z = new PhasePoint(start.dim);
  let eps = stepSize;
  const direction = trialDeltaH(target, metric, start, eps, rng, z) > LOG_08 ? 1 : -1;
  for (let i = 0; i < 200; i++) {
    const d = trialDeltaH(target, metric, start, eps, rng, z);
    if (direction === 1 ? !(d > LOG_08) : !(d < LOG_08)) return eps;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7)
      throw new BorelError("step-size", "the step size grew beyond 1e7 while searching for a first step size: the posterior is probably improper", {
        hint: "give every continuous choice a proper prior, or check that the observations constrain the model",
      });
    if (eps === 0) throw new BorelError("step-size", "the step size fell to 0 while searching for a first step size: the log density or its gradient is not finite at the initial point", { hint: "start from a point with finite log density" });
  }
  return eps;
}
