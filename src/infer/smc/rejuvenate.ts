/**
 * Rejuvenation (resample-move, Gilks & Berzuini 2001): after resampling, every particle takes a step of an MCMC
 * kernel that leaves the current target invariant, which restores diversity without changing the weights. The
 * kernel is given as a kernel function, an `AdaptiveKernel` (used with its initial tuning), or — from a Borel
 * query — a `KernelSpec` built through the kernel registry for the current target.
 *
 * @example
 * ```ts
 * smc(unfold(step), [T, 0], obs, { rejuvenate: mhKernel(select("0/x")) });
 * smc(model, args, obs, { rejuvenate: { kernel: "mh", args: ["mu"], options: {} } });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import { isAdaptive, type AdaptiveKernel, type Kernel } from "../kernel.js";
import { getKernel, kernelNames, type KernelSpec } from "../registry.js";
import { runToEnd, type Steps } from "../cooperative.js";

export type Rejuvenation = Kernel | AdaptiveKernel | KernelSpec;

function isKernelSpec(x: unknown): x is KernelSpec {
  return typeof x === "object" && x !== null && typeof (x as KernelSpec).kernel === "string";
}

/** Default warmup iterations of an adaptive rejuvenation kernel's pilot chain (see `resolveKernel`). */
export const PILOT_STEPS = 100;

/**
 * The kernel for the target of `gf` at a particle like `trace`. An adaptive kernel (NUTS, HMC, MALA, rw) is
 * tuned for this target by a pilot chain: its warmup (step size, metric, scales) runs for `pilotSteps`
 * iterations from `trace`, and the tuned kernel, fixed from then on, moves every particle. (Its initial
 * tuning alone — a step size from one point under a unit metric — left NUTS moving 9% of the particles of
 * a regression whose coefficients differ in scale by 3×; the pilot's is the tuning a chain on this target
 * would reach.) The pilot's states are discarded: each particle's move stays invariant for the target.
 */
export function resolveKernel(r: Rejuvenation, gf: GenerativeFunction, trace: Trace, rng: Rng, pilotSteps = PILOT_STEPS): Kernel {
  let k: Kernel | AdaptiveKernel;
  if (isKernelSpec(r)) {
    const factory = getKernel(r.kernel);
    if (!factory)
      throw new BorelError("unknown-kernel", `smc: no kernel named '${r.kernel}' for rejuvenation`, { hint: `known kernels: ${kernelNames().join(", ") || "none registered"}` });
    k = factory.build(gf, r, trace);
  } else k = r;
  if (isAdaptive(k)) {
    let state = k.init(trace, rng, { warmup: pilotSteps }), t = trace;
    for (let i = 0; i < pilotSteps; i++) {
      const res = k.kernel(state)(t, rng);
      state = k.update(state, res.stats, res.trace);
      t = res.trace;
    }
    return k.kernel(k.done(state));
  }
  if (typeof k !== "function") throw new BorelError("bad-option", "smc: 'rejuvenate' must be a kernel, an adaptive kernel or a kernel spec");
  return k;
}

/** Moves every state; returns the fraction of accepted moves. */
export function moveAll<S>(states: S[], move: (s: S, rng: Rng) => { state: S; accepted: boolean }, rng: Rng): number {
  return runToEnd(moveAllSteps(states, move, rng));
}

/** `moveAll` as steps (../cooperative.ts): it pauses every 1024 particles. */
export function* moveAllSteps<S>(states: S[], move: (s: S, rng: Rng) => { state: S; accepted: boolean }, rng: Rng): Steps<number> {
  let accepted = 0;
  for (let i = 0; i < states.length; i++) {
    const r = move(states[i]!, rng);
    states[i] = r.state;
    if (r.accepted) accepted++;
    if ((i & 1023) === 1023) yield;
  }
  return accepted / states.length;
}
