/**
 * Composition of adaptive kernels: `cycle`, `mix` and `repeat` (src/infer/kernel.ts) over parts that may be
 * plain kernels or `AdaptiveKernel`s. The state of a composite is the array of its parts' states; after each
 * warmup step every part learns from its own stats (`stats.parts[i]` of a cycle, the `chosen` part of a mix).
 * When no part adapts, the result is the plain composite kernel.
 *
 * @example
 * ```ts
 * const k = cycleAny(randomWalk("mu"), randomWalk("sigma"), gibbsKernel("z"));   // an AdaptiveKernel
 * ```
 */
import type { Trace } from "../../trace/gfi.js";
import { cycle, fixed, isAdaptive, mix, repeat, type AdaptiveKernel, type Kernel, type KernelStats } from "../kernel.js";

/** A kernel with or without adaptation. */
export type AnyKernel<T extends Trace = Trace> = Kernel<T> | AdaptiveKernel<unknown, T>;

/** The kernel as an `AdaptiveKernel` (a plain kernel adapts nothing). */
export function asAdaptive<T extends Trace>(k: AnyKernel<T>): AdaptiveKernel<unknown, T> {
  return isAdaptive(k) ? (k as AdaptiveKernel<unknown, T>) : (fixed(k as Kernel<T>) as AdaptiveKernel<unknown, T>);
}

function partStats(stats: KernelStats, i: number, n: number): KernelStats {
  if (n === 1) return stats;
  const parts = stats.parts as KernelStats[] | undefined;
  return parts?.[i] ?? stats;
}

function composite<T extends Trace>(parts: AdaptiveKernel<unknown, T>[], build: (ks: Kernel<T>[]) => Kernel<T>, learn: (states: unknown[], stats: KernelStats, trace: T) => unknown[]): AdaptiveKernel<unknown[], T> {
  return {
    init: (trace, rng, info) => parts.map((p) => p.init(trace, rng, info)),
    kernel: (states) => build(parts.map((p, i) => p.kernel(states[i]))),
    update: learn,
    done: (states) => parts.map((p, i) => p.done(states[i])),
  };
}

/** `cycle` over plain or adaptive kernels. */
export function cycleAny<T extends Trace>(...kernels: AnyKernel<T>[]): AnyKernel<T> {
  if (!kernels.some(isAdaptive)) return cycle(...(kernels as Kernel<T>[]));
  const parts = kernels.map(asAdaptive);
  return composite(parts, (ks) => cycle(...ks), (states, stats, trace) =>
    parts.map((p, i) => p.update(states[i], partStats(stats, i, parts.length), trace)));
}

/** `mix` over plain or adaptive kernels: only the chosen part learns from a step. */
export function mixAny<T extends Trace>(kernels: AnyKernel<T>[], weights?: number[]): AnyKernel<T> {
  if (!kernels.some(isAdaptive)) return mix(kernels as Kernel<T>[], weights);
  const parts = kernels.map(asAdaptive);
  return composite(parts, (ks) => mix(ks, weights), (states, stats, trace) =>
    parts.map((p, i) => (stats.chosen === i ? p.update(states[i], stats, trace) : states[i])));
}

/** `repeat` of a plain or adaptive kernel: the state learns from each of the n inner steps in turn. */
export function repeatAny<T extends Trace>(kernel: AnyKernel<T>, n: number): AnyKernel<T> {
  if (!isAdaptive(kernel)) return repeat(kernel as Kernel<T>, n);
  const p = kernel as AdaptiveKernel<unknown, T>;
  return {
    init: (trace, rng, info) => p.init(trace, rng, info),
    kernel: (s) => repeat(p.kernel(s), n),
    update(s, stats, trace) {
      const parts = n === 1 ? [stats] : ((stats.parts as KernelStats[] | undefined) ?? [stats]);
      for (const part of parts) s = p.update(s, part, trace);
      return s;
    },
    done: (s) => p.done(s),
  };
}
