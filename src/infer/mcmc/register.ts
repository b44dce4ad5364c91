/**
 * Registry entries of the MCMC methods and kernels, so a Borel query can name them:
 *
 *   query ... using mh(samples: 2000, warmup: 1000, chains: 4)           single-site MH
 *   query ... using mcmc(cycle(gibbs("z"), rw("mu", scale: 0.5)), samples: 2000)
 *
 * Kernels: `mh(...addresses)` (MH by regenerate on the addresses; single-site MH over all latent choices
 * without any), `rw(address, scale, space, target, adapt)`, `gibbs(address)`, `elliptical(address)`,
 * `cycle(k1, k2, ...)`, `mix(k1, k2, ..., weights)`, `repeat(k, n)`. The positional kernel of `mcmc` arrives
 * as the option `kernel`.
 */
import { BorelError } from "../../util/errors.js";
import { select } from "../../trace/selection.js";
import { registerKernel, registerMethod, type OptionSpec, type RunContext } from "../registry.js";
import { cycleAny, mixAny, repeatAny } from "../kernels/adaptive.js";
import { ellipticalSlice } from "../kernels/elliptical.js";
import { gibbsKernel } from "../kernels/gibbs.js";
import { mhKernel } from "../kernels/mh.js";
import { randomWalk } from "../kernels/random-walk.js";
import { singleSiteMH } from "../kernels/single-site.js";
import { mcmcAsync } from "../mcmc.js";
import { asMethod } from "./assemble.js";
import { kernelArg } from "./kernel-spec.js";
import { isKernelSpec, type MCMCOptions } from "./options.js";
import { MAX_DRAWS, MAX_DRAWS_HINT } from "../draw-count.js";

const CHAIN_OPTIONS: Record<string, OptionSpec> = {
  samples: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "draws per chain after warmup (and thinning)" },
  warmup: { type: "int", default: 1000, min: 0, doc: "warmup (adaptation) steps per chain" },
  chains: { type: "int", default: 4, min: 1, doc: "number of chains" },
  thin: { type: "int", default: 1, min: 1, doc: "keep every thin-th step" },
};

const chainOptions = (o: Record<string, unknown>, ctx: RunContext): MCMCOptions => ({
  samples: o.samples as number, warmup: o.warmup as number, chains: o.chains as number, thin: o.thin as number,
  seed: ctx.seed, onProgress: ctx.onProgress, signal: ctx.signal,
});

registerMethod({
  name: "mh",
  positionalOptions: ["samples", "warmup", "chains"],
  doc: "single-site Metropolis–Hastings (each step regenerates one latent choice from its prior), as WebPPL's MH",
  options: CHAIN_OPTIONS,
  // A kernel spec (not a closure), so the chains can run on worker threads.
  run: async (gf, args, obs, o, ctx) => asMethod(await mcmcAsync(gf, args, obs, { kernel: "mh", args: [], options: {} }, chainOptions(o, ctx)), "mh"),
});

registerMethod({
  name: "mcmc",
  doc: "MCMC with a kernel built from mh, rw, gibbs, elliptical, cycle, mix, repeat (and the gradient kernels)",
  positionalOptions: ["kernel", "samples", "warmup", "chains"],
  options: { ...CHAIN_OPTIONS, kernel: { type: "kernel", doc: "the transition kernel (the first positional argument)" } },
  run: (gf, args, obs, o, ctx) => {
    if (!isKernelSpec(o.kernel)) throw new BorelError("bad-option", "mcmc: needs a kernel, e.g. mcmc(mh(\"x\"), samples: 1000)");
    return mcmcAsync(gf, args, obs, o.kernel, chainOptions(o, ctx));
  },
});

const address = (owner: string, args: readonly unknown[]): string => {
  const a = args[0];
  if (args.length !== 1 || (typeof a !== "string" && !Array.isArray(a)))
    throw new BorelError("bad-option", `${owner} needs one address, e.g. ${owner}("x")`);
  return Array.isArray(a) ? a.join("/") : a;
};

registerKernel({
  name: "mh",
  doc: "MH by regenerate on the given addresses; single-site MH over all latent choices when none is given",
  options: {},
  build: (_gf, spec) => (spec.args.length === 0 ? singleSiteMH() : mhKernel(select(...(spec.args as string[])))),
});

registerKernel({
  name: "rw",
  doc: "Gaussian random-walk MH on one continuous address (unconstrained space), scale adapted in warmup",
  positional: [{ type: "string", doc: "address" }],
  options: {
    scale: { type: "number", positive: true, doc: "initial step scale" },
    space: { type: "enum", values: ["unconstrained", "raw"], default: "unconstrained", doc: "walk on the unconstrained or the raw value" },
    target: { type: "number", min: 0.01, max: 0.99, doc: "acceptance rate targeted in warmup" },
    adapt: { type: "bool", default: true, doc: "adapt the scale in warmup" },
  },
  build: (_gf, spec) => randomWalk(address("rw", spec.args), {
    scale: spec.options.scale as number | undefined, space: spec.options.space as "unconstrained" | "raw" | undefined,
    target: spec.options.target as number | undefined, adapt: spec.options.adapt as boolean | undefined,
  }) as never,
});

registerKernel({
  name: "gibbs",
  doc: "Gibbs update of one finite discrete address by enumerating its values",
  positional: [{ type: "string", doc: "address" }],
  options: {},
  build: (_gf, spec) => gibbsKernel(address("gibbs", spec.args)),
});

registerKernel({
  name: "elliptical",
  doc: "elliptical slice sampling of one choice with a Gaussian prior",
  positional: [{ type: "string", doc: "address" }],
  options: {},
  build: (_gf, spec) => ellipticalSlice(address("elliptical", spec.args)),
});

registerKernel({
  name: "cycle",
  doc: "applies each kernel in turn",
  options: {},
  build: (gf, spec, trace) => cycleAny(...spec.args.map((a) => kernelArg(gf, a, trace, "cycle"))) as never,
});

registerKernel({
  name: "mix",
  doc: "applies one kernel picked at random (weights default to uniform)",
  options: { weights: { type: "any", doc: "one non-negative weight per kernel" } },
  build: (gf, spec, trace) => mixAny(spec.args.map((a) => kernelArg(gf, a, trace, "mix")), spec.options.weights as number[] | undefined) as never,
});

registerKernel({
  name: "repeat",
  doc: "applies a kernel n times",
  positional: [{ type: "kernel", doc: "kernel" }, { type: "int", min: 1, doc: "n" }],
  options: {},
  build: (gf, spec, trace) => {
    const n = spec.args[1];
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new BorelError("bad-option", `repeat(k, n): n must be a positive integer, got ${String(n)}`);
    return repeatAny(kernelArg(gf, spec.args[0], trace, "repeat"), n) as never;
  },
});
