/**
 * MCMC kernels as values (DESIGN.md): a kernel maps a trace and an `Rng` to a new trace and its stats, and
 * leaves the target (the trace's posterior) invariant. Kernels compose with `cycle`, `mix` and `repeat`,
 * whose stats merge those of their parts.
 *
 * Adaptation (step sizes, mass matrices, proposal scales) is explicit state threaded through warmup by the
 * driver: an `AdaptiveKernel` makes a kernel from its state, and updates the state from each step's stats.
 *
 * @example
 * ```ts
 * const k = cycle(mhKernel(select("mu")), repeat(mhKernel(select("tau")), 3));
 * let tr = model.generate(args, obs, rng).trace;
 * for (let i = 0; i < 1000; i++) tr = k(tr, rng).trace;
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { Trace } from "../trace/gfi.js";
import { schemaCovers } from "../trace/schema.js";

export interface KernelStats {
  accepted: boolean;
  logAlpha?: number;
  /** Gradient methods: step size, tree depth, divergence, energy, number of gradient evaluations, ... */
  [key: string]: unknown;
}

export interface KernelResult<T extends Trace = Trace> {
  trace: T;
  stats: KernelStats;
}

export type Kernel<T extends Trace = Trace> = (trace: T, rng: Rng) => KernelResult<T>;

/** What the driver tells an adaptive kernel before warmup. */
export interface AdaptInfo {
  /** Number of warmup iterations the driver will run (adaptation schedules plan for it). */
  warmup: number;
}

/** A kernel whose tuning parameters adapt during warmup. */
export interface AdaptiveKernel<S = unknown, T extends Trace = Trace> {
  /** Initial adaptation state for a chain starting at `trace`; `warmup` is the driver's warmup length. */
  init(trace: T, rng: Rng, info?: AdaptInfo): S;
  /** The kernel with the current tuning. */
  kernel(state: S): Kernel<T>;
  /** Learns from one warmup step. */
  update(state: S, stats: KernelStats, trace: T): S;
  /** Final tuning used after warmup. */
  done(state: S): S;
}

/** A kernel with nothing to adapt, as an `AdaptiveKernel`. */
export function fixed<T extends Trace>(k: Kernel<T>): AdaptiveKernel<null, T> {
  return { init: () => null, kernel: () => k, update: () => null, done: () => null };
}

/** True for an `AdaptiveKernel` (as opposed to a plain kernel function). */
export function isAdaptive(k: unknown): k is AdaptiveKernel {
  return typeof k === "object" && k !== null && typeof (k as AdaptiveKernel).kernel === "function";
}

/**
 * Checks that each of `kernels` is a kernel function: an adaptive kernel (nutsKernel(), randomWalk(...)) given to
 * `cycle`, `mix` or `repeat` failed later with "k is not a function"; it belongs in `cycleAny` and friends.
 */
function checkPlainKernels(combinator: string, kernels: readonly unknown[]): void {
  kernels.forEach((k, i) => {
    if (typeof k === "function") return;
    const which = kernels.length > 1 ? `kernel ${i + 1}` : "the kernel";
    if (isAdaptive(k))
      throw new BorelError("bad-kernel", `${combinator}: ${which} is an adaptive kernel (it tunes itself in warmup, as nutsKernel() and randomWalk(...) do), which ${combinator} cannot run`, {
        hint: `use ${combinator}Any(...) instead: it composes plain and adaptive kernels and threads the adaptation through warmup`,
      });
    throw new BorelError("bad-kernel", `${combinator}: ${which} is not a kernel (got ${k === null ? "null" : typeof k})`, {
      hint: "a kernel is a function (trace, rng) => {trace, stats}, e.g. mhKernel(\"mu\") or gibbsKernel(\"z\")",
    });
  });
}

/** Applies each kernel in turn. Stats: `accepted` if any part accepted; the parts' stats under `parts`. */
export function cycle<T extends Trace>(...kernels: Kernel<T>[]): Kernel<T> {
  if (kernels.length === 0) throw new BorelError("bad-kernel", "cycle needs at least one kernel");
  checkPlainKernels("cycle", kernels);
  return (trace, rng) => {
    const parts: KernelStats[] = [];
    for (const k of kernels) {
      const r = k(trace, rng);
      trace = r.trace;
      parts.push(r.stats);
    }
    return { trace, stats: mergeStats(parts) };
  };
}

/** Picks one kernel at random (weights default to uniform). */
export function mix<T extends Trace>(kernels: Kernel<T>[], weights?: number[]): Kernel<T> {
  if (kernels.length === 0) throw new BorelError("bad-kernel", "mix needs at least one kernel");
  checkPlainKernels("mix", kernels);
  const w = weights ?? kernels.map(() => 1);
  if (w.length !== kernels.length || w.some((x) => !(x >= 0)) || w.every((x) => x === 0))
    throw new BorelError("bad-kernel", "mix: weights must be non-negative, not all zero, one per kernel");
  const total = w.reduce((a, b) => a + b, 0);
  return (trace, rng) => {
    let u = rng.double() * total, i = 0;
    while (i < w.length - 1 && u >= w[i]) u -= w[i++];
    const r = kernels[i](trace, rng);
    return { trace: r.trace, stats: { ...r.stats, chosen: i } };
  };
}

/** Applies a kernel n times. */
export function repeat<T extends Trace>(k: Kernel<T>, n: number): Kernel<T> {
  if (!Number.isInteger(n) || n < 1) throw new BorelError("bad-kernel", `repeat: n must be a positive integer, got ${typeof n === "string" ? JSON.stringify(n) : String(n)}`);
  checkPlainKernels("repeat", [k]);
  return cycle(...Array.from({ length: n }, () => k));
}

/** Stats key counting the steps at which the kernel named `name` found nothing to update (see `noopStats`). */
export const NOOP_PREFIX = "noop/";

/**
 * The stats of a step at which a kernel found no latent choice at its address(es) (a branch the trace did not
 * take, or a misspelt address): not accepted, counted under `noop` and `noop/<name>`. Merged stats sum the
 * counts per kernel, so a run can tell a kernel that never applied (`mcmc` warns).
 */
export function noopStats(name: string, trace?: Trace, keys?: readonly string[]): KernelStats {
  if (trace !== undefined && keys !== undefined) checkKernelAddresses(trace, keys, name);
  return { accepted: false, noop: 1, [NOOP_PREFIX + name]: 1 };
}

/**
 * A one-address kernel step lifted to an address or a prefix: at a latent choice `key`, one step; at a prefix
 * with no choice of its own (`x` for x/0, x/1, … of a loop), a systematic scan — one step per latent choice
 * under it, in trace order, each on the trace the previous one left (the keys are read from the trace first: the
 * steps must not change which choices exist); otherwise a no-op (`noopStats`). A scan's stats: accepted if any
 * step accepted, numeric stats summed.
 *
 * @example
 * ```ts
 * // MH by regenerate at x, or at each of x/0, x/1, … in turn
 * const k = sweepAddress("x", "mh-sweep(x)", (t, key, rng) => mhKernel(select(key))(t, rng));
 * ```
 */
export function sweepAddress<T extends Trace>(key: string, name: string, step: (trace: T, key: string, rng: Rng) => KernelResult<T>): Kernel<T> {
  return (trace: T, rng: Rng) => {
    const own = trace.choice(key);
    if (own !== undefined && !own.observed) return step(trace, key, rng);
    const keys = latentKeysUnder(trace, key);
    if (keys.length === 0) return { trace, stats: noopStats(name, trace, [key]) };
    let t = trace;
    const stats: KernelStats = { accepted: false };
    for (const k of keys) {
      const r = step(t, k, rng);
      t = r.trace;
      stats.accepted ||= r.stats.accepted;
      for (const [f, v] of Object.entries(r.stats)) if (f !== "accepted" && typeof v === "number") stats[f] = ((stats[f] as number | undefined) ?? 0) + v;
    }
    return { trace: t, stats };
  };
}

/** The latent choices strictly under `prefix` (`z/0`, `z/1`, … under `z`), in trace order. */
export function latentKeysUnder(trace: Trace, prefix: string): string[] {
  const keys: string[] = [], head = `${prefix}/`;
  for (const c of trace.choices()) if (!c.observed && c.key.startsWith(head)) keys.push(c.key);
  return keys;
}

/**
 * When the trace's model declares its addresses (a Borel model's schema), a kernel address no run can produce
 * is an error naming it — not a kernel that silently never moves.
 */
function checkKernelAddresses(trace: Trace, keys: readonly string[], name: string): void {
  // An observation at the address: the address is right, but data do not move (the warning said to check it).
  const observed = keys.find((k) => trace.choice(k)?.observed === true);
  if (observed !== undefined)
    throw new BorelError("observed-address", `${name}: '${observed}' is an observation (data), which a kernel does not move`, {
      address: observed, hint: "give the kernel a latent choice's address (one sampled by ~, not observed)",
    });
  const schema = trace.gf.schema?.();
  if (schema === undefined) return;
  for (const key of keys)
    if (!schemaCovers(schema, key))
      throw new BorelError("unknown-address", `${name}: '${key}' is not an address ${trace.gf.name} can produce`, {
        address: key,
        hint: `its addresses: ${schema.addresses.map((a) => a.pattern).slice(0, 12).join(", ")}${schema.addresses.length > 12 ? ", …" : ""}`,
      });
}

/** Stats of a composite step: accepted if any part accepted; numeric fields of the parts summed; parts kept. */
export function mergeStats(parts: KernelStats[]): KernelStats {
  if (parts.length === 1) return parts[0];
  const out: KernelStats = { accepted: parts.some((p) => p.accepted), parts };
  for (const p of parts)
    for (const [k, v] of Object.entries(p))
      if (k !== "accepted" && k !== "logAlpha" && typeof v === "number") out[k] = ((out[k] as number | undefined) ?? 0) + v;
  return out;
}
