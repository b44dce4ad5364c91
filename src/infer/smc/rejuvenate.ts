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

export type Rejuvenation = Kernel | AdaptiveKernel | KernelSpec;

function isKernelSpec(x: unknown): x is KernelSpec {
  return typeof x === "object" && x !== null && typeof (x as KernelSpec).kernel === "string";
}

/** The kernel for the target of `gf` at a particle like `trace`. */
export function resolveKernel(r: Rejuvenation, gf: GenerativeFunction, trace: Trace, rng: Rng): Kernel {
  let k: Kernel | AdaptiveKernel;
  if (isKernelSpec(r)) {
    const factory = getKernel(r.kernel);
    if (!factory)
      throw new BorelError("unknown-kernel", `smc: no kernel named '${r.kernel}' for rejuvenation`, { hint: `known kernels: ${kernelNames().join(", ") || "none registered"}` });
    k = factory.build(gf, r, trace);
  } else k = r;
  if (isAdaptive(k)) return k.kernel(k.done(k.init(trace, rng)));
  if (typeof k !== "function") throw new BorelError("bad-option", "smc: 'rejuvenate' must be a kernel, an adaptive kernel or a kernel spec");
  return k;
}

/** Moves every state; returns the fraction of accepted moves. */
export function moveAll<S>(states: S[], move: (s: S, rng: Rng) => { state: S; accepted: boolean }, rng: Rng): number {
  let accepted = 0;
  for (let i = 0; i < states.length; i++) {
    const r = move(states[i]!, rng);
    states[i] = r.state;
    if (r.accepted) accepted++;
  }
  return accepted / states.length;
}
