/**
 * Options shared by the gradient methods and kernels as Borel queries write them (snake_case, checked by the
 * registry), and their translation to the TypeScript options.
 *
 * @example
 * ```ts
 * registerMethod({ name: "nuts", options: { ...GRADIENT_METHOD_OPTIONS, max_depth: {...} }, run: ... });
 * ```
 */
import { BorelError } from "../util/errors.js";
import { select, type Selection } from "../trace/selection.js";
import type { GradientAdaptOptions, MetricKind } from "./hmc-adaptive.js";
import type { ChainOptions } from "./hmc-sampler.js";
import type { OptionSpec, RunContext } from "./registry.js";
import { MAX_DRAWS, MAX_DRAWS_HINT } from "./draw-count.js";

const METRICS = ["diag", "dense", "unit"] as const;

/** Options of every gradient kernel. */
export const GRADIENT_KERNEL_OPTIONS: Record<string, OptionSpec> = {
  warmup: { type: "int", default: 1000, min: 0, doc: "warmup iterations the adaptation schedule plans for" },
  target_accept: { type: "number", default: 0.8, min: 0.01, max: 0.999, doc: "target acceptance statistic of the step-size adaptation" },
  metric: { type: "enum", values: METRICS, default: "diag", doc: "metric adapted in warmup: diag, dense or unit" },
  step_size: { type: "number", positive: true, doc: "initial step size (fixed when adapt is false)" },
  adapt: { type: "bool", default: true, doc: "adapt the step size and metric in warmup" },
  jitter: { type: "number", default: 0, min: 0, max: 0.99, doc: "relative step-size jitter per transition" },
};

/** Options of every gradient method (`query ... using nuts(...)`). */
export const GRADIENT_METHOD_OPTIONS: Record<string, OptionSpec> = {
  ...GRADIENT_KERNEL_OPTIONS,
  samples: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "draws per chain after warmup" },
  chains: { type: "int", default: 4, min: 1, doc: "number of chains" },
  thin: { type: "int", default: 1, min: 1, doc: "keep every thin-th draw" },
  init: { type: "enum", values: ["uniform", "prior"], default: "uniform", doc: "initial values: uniform(-2, 2) unconstrained (Stan), or from the prior" },
};

/** The adaptation options from resolved query options. */
export function methodAdaptOptions(o: Record<string, unknown>): GradientAdaptOptions & { jitter?: number } {
  return {
    warmup: o.warmup as number | undefined,
    targetAccept: o.target_accept as number | undefined,
    metric: o.metric as MetricKind | undefined,
    stepSize: o.step_size as number | undefined,
    adapt: o.adapt as boolean | undefined,
    jitter: o.jitter as number | undefined,
  };
}

/** The chain options from resolved query options and the run context. */
export function methodChainOptions(o: Record<string, unknown>, ctx: RunContext): ChainOptions {
  return {
    samples: o.samples as number, warmup: o.warmup as number, chains: o.chains as number, thin: o.thin as number,
    init: o.init as "uniform" | "prior", seed: ctx.seed, onProgress: ctx.onProgress, signal: ctx.signal,
  };
}

/** The selection of a kernel spec's positional arguments (addresses), or undefined for all continuous choices. */
export function kernelSelection(args: readonly unknown[]): Selection | undefined {
  if (args.length === 0) return undefined;
  for (const a of args)
    if (typeof a !== "string" && !Array.isArray(a))
      throw new BorelError("bad-option", `a gradient kernel's positional arguments are addresses, got ${typeof a}`, { hint: "nuts(\"mu\", \"tau\")" });
  return select(...(args as string[]));
}
