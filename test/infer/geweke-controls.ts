// Deliberately broken gradient kernels for the negative controls of the Geweke and SBC tests. Each breaks
// invariance of the posterior (a wrong gradient alone would not: leapfrog with any force field still
// preserves volume and is reversible, so the Metropolis correction keeps the kernel exact; likewise dropping
// the momentum flip, since the momentum is redrawn every transition and K(p) = K(−p)).
import { hamiltonian, leapfrog, PhasePoint } from "../../src/infer/leapfrog.js";
import type { GradientAlgorithm, StepStats } from "../../src/infer/hmc-binding.js";

/** HMC that always accepts the end of the trajectory (no Metropolis correction). */
export function hmcWithoutCorrection(steps: number): GradientAlgorithm {
  return {
    name: "hmc-no-mh",
    prepare(target) {
      const z = new PhasePoint(target.dim);
      return (current, metric, eps, rng, out): StepStats => {
        z.copyFrom(current);
        metric.sampleMomentum(rng, z.p);
        metric.velocity(z.p, z.v);
        for (let i = 0; i < steps; i++) leapfrog(target, metric, z, eps);
        out.copyFrom(Number.isFinite(z.logp) ? z : current);
        return { accept_stat: 1, divergent: false, energy: hamiltonian(metric, out), n_leapfrog: steps };
      };
    },
  };
}

/** MALA whose acceptance ignores the asymmetry of the Langevin proposal (π(x')/π(x) only). */
export function malaSymmetricAcceptance(): GradientAlgorithm {
  return {
    name: "mala-symmetric",
    prepare(target) {
      const z = new PhasePoint(target.dim);
      return (current, metric, eps, rng, out): StepStats => {
        z.copyFrom(current);
        metric.sampleMomentum(rng, z.p);
        metric.velocity(z.p, z.v);
        leapfrog(target, metric, z, eps);
        const a = Math.min(1, Math.exp(z.logp - current.logp));
        out.copyFrom(rng.double() < a ? z : current);
        return { accept_stat: a, divergent: false, energy: hamiltonian(metric, out), n_leapfrog: 1 };
      };
    },
  };
}
