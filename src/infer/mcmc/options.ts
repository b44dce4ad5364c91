/**
 * Options and shared types of the MCMC driver (src/infer/mcmc.ts).
 *
 * A model can be passed as a generative function (a closure: its chains run in this thread) or as a
 * `ModelRef` — a module path and export name, optionally a factory and its arguments (a Borel-source compiler
 * from the language layer is such a factory) — which worker threads can load, so chains run in parallel.
 * A kernel likewise: a `Kernel`/`AdaptiveKernel` value (this thread only), a `KernelSpec` as a query writes it
 * (`{kernel: "mh", args: ["p"], options: {}}`, built from the registry), or a `ModuleRef` to a kernel (or a
 * factory called with `factoryArgs`).
 */
import { optionNames, COMMON_OPTIONS, RUN_OPTIONS } from "../option-names.js";
import type { Rng } from "../../rand/rng.js";
import type { GFIOptions, PortableRef } from "../../trace/gfi.js";
import type { KernelSpec } from "../registry.js";
import type { AnyKernel } from "../kernels/adaptive.js";

/** A value exported by a module, loadable in a worker thread. */
export type ModuleRef = PortableRef;

/** A kernel given in any of the accepted forms (see the module doc). */
export type KernelInput = AnyKernel | KernelSpec | ModuleRef;

export interface MCMCOptions extends GFIOptions {
  /** Draws kept per chain (after thinning), default 1000. */
  samples?: number;
  /** Warmup (adaptation) steps per chain, default = samples. */
  warmup?: number;
  /** Number of chains, default 4. */
  chains?: number;
  /** Keep every `thin`-th step, default 1. */
  thin?: number;
  seed?: number | string;
  /** Root random stream (instead of `seed`); chain i uses `rng.split("chain/<i>")`. */
  rng?: Rng;
  /** Initial latent values (a choice map or plain object), or one per chain; default: from the prior. */
  init?: unknown | ((chain: number) => unknown);
  /** Attempts to find an initial trace with finite density from the prior, default 1000. */
  initAttempts?: number;
  /** Progress in [0, 1] with a status line. */
  onProgress?: (fraction: number, status: string) => void;
  /** Stops the run: the draws so far are returned (`diagnostics.interrupted`). */
  signal?: AbortSignal;
  /** Keep the traces of the draws (memory: one trace per draw), default false. */
  keepTraces?: boolean;
  /** Record pointwise observed log-likelihoods per draw (for LOO/WAIC without the model), default false. */
  pointwiseLogLik?: boolean;
  /** Worker threads for parallel chains (mcmcAsync), default min(chains, available cores). 1 = this thread. */
  workers?: number;
}

/** Defaults filled in. */
export interface ResolvedOptions {
  samples: number;
  warmup: number;
  chains: number;
  thin: number;
  initAttempts: number;
}

export function isModuleRef(x: unknown): x is ModuleRef {
  return typeof x === "object" && x !== null && typeof (x as ModuleRef).module === "string";
}

export function isKernelSpec(x: unknown): x is KernelSpec {
  return typeof x === "object" && x !== null && typeof (x as KernelSpec).kernel === "string" && Array.isArray((x as KernelSpec).args);
}

/** The option names mcmc takes (./option-names.ts; the compiler checks the list against the interface). */
export const MCMC_OPTIONS = optionNames<MCMCOptions>()([...COMMON_OPTIONS, ...RUN_OPTIONS, "chains", "keepTraces", "init", "warmup", "samples", "thin", "initAttempts",
  "pointwiseLogLik", "workers"]);
