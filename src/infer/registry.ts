/**
 * The inference methods and kernels a Borel `query ... using NAME(opts)` can name, with their options, so
 * the language can check a query statically (unknown method or option → located error) and run it. Each
 * algorithm module registers itself here; the language (layer 8) reads the registry and never imports an
 * algorithm directly.
 *
 * @example
 * ```ts
 * registerMethod({
 *   name: "importance", doc: "importance sampling with the prior as proposal",
 *   options: { particles: { type: "int", default: 1000, min: 1 } },
 *   run: (gf, args, obs, o, ctx) => importance(gf, args, obs, { particles: o.particles as number, seed: ctx.seed }),
 * });
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { ChoiceMap } from "../trace/choicemap.js";
import { isGenerativeFunction, type GenerativeFunction, type Trace } from "../trace/gfi.js";
import type { Posterior } from "../posterior/posterior.js";
import type { AdaptiveKernel, Kernel } from "./kernel.js";

export type OptionType = "int" | "number" | "string" | "bool" | "kernel" | "model" | "enum" | "any";

export interface OptionSpec {
  type: OptionType;
  default?: unknown;
  min?: number;
  max?: number;
  /** Why `max` is the limit (the hint of the error). */
  maxHint?: string;
  /** The number must be > 0 (a step size, a scale, a learning rate). */
  positive?: boolean;
  /** Allowed values for "enum"; for other types, names the option may also take (written bare in a query: `ess_threshold: always`). */
  values?: readonly string[];
  doc?: string;
}

/** A kernel as written in a query: `nuts(max_depth: 8)`, `gibbs("z")`, `cycle(k1, k2)`. */
export interface KernelSpec {
  kernel: string;
  /** Positional arguments (addresses, nested kernel specs). */
  args: unknown[];
  options: Record<string, unknown>;
}

export interface RunContext {
  seed: number;
  /** Called with progress in [0, 1] and a short status line (the CLI prints it on stderr for runs over ~1 s). */
  onProgress?: (fraction: number, status: string) => void;
  /** Aborts a long run; methods return the draws so far where they can. */
  signal?: AbortSignal;
  /**
   * Resolves a file a query names (e.g. a PFN's weights) the way the host allows: the language resolves it
   * against the program's folder and refuses paths leaving it. Without it, paths are used as given.
   */
  resolveFile?: (path: string, what: string) => string;
}

export interface MethodSpec {
  name: string;
  doc: string;
  /** Option names (snake_case, as written in Borel) and their types and defaults. `seed` is implicit. */
  options: Readonly<Record<string, OptionSpec>>;
  /** Number of leading positional arguments (e.g. mcmc's kernel), each described by `positional`. */
  positional?: readonly OptionSpec[];
  /**
   * Options that may also be given by position, in this order, as the language reference's signatures list
   * them: `importance(1000)` is `importance(particles: 1000)`, `mh(2000, 500)` is `mh(samples: 2000, warmup: 500)`.
   */
  positionalOptions?: readonly string[];
  run(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, options: Record<string, unknown>, ctx: RunContext): Posterior | Promise<Posterior>;
}

export interface KernelFactory {
  name: string;
  doc: string;
  options: Readonly<Record<string, OptionSpec>>;
  positional?: readonly OptionSpec[];
  /** Builds the kernel for a model, from a spec's arguments and options and an initial trace. */
  build(gf: GenerativeFunction, spec: KernelSpec, trace: Trace): Kernel | AdaptiveKernel;
}

const methods = new Map<string, MethodSpec>();
const kernels = new Map<string, KernelFactory>();

export function registerMethod(spec: MethodSpec): void {
  methods.set(spec.name, spec);
}

export function registerKernel(spec: KernelFactory): void {
  kernels.set(spec.name, spec);
}

export function getMethod(name: string): MethodSpec | undefined {
  return methods.get(name);
}

export function getKernel(name: string): KernelFactory | undefined {
  return kernels.get(name);
}

export function methodNames(): string[] {
  return [...methods.keys()].sort();
}

export function kernelNames(): string[] {
  return [...kernels.keys()].sort();
}

/**
 * Fills defaults and validates options against a spec; errors name the option and the method. Unknown
 * options are errors (with the known ones in the hint).
 */
export function resolveOptions(owner: string, specs: Readonly<Record<string, OptionSpec>>, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given)) {
    if (k === "seed") continue;
    const s = specs[k];
    if (!s) throw new BorelError("unknown-option", `${owner} has no option '${k}'`, { hint: `options of ${owner}: ${Object.keys(specs).join(", ") || "none"}` });
    try {
      out[k] = checkOption(owner, k, s, v);
    } catch (e) {
      // A value another option takes (`guide: "full_rank"` for `family: "full_rank"`) says which one.
      const other = typeof v === "string" ? Object.entries(specs).find(([o, os]) => o !== k && os.values?.includes(v)) : undefined;
      if (other !== undefined && e instanceof BorelError && e.hint === undefined) e.hint = `${JSON.stringify(v)} is a value of the option '${other[0]}': ${other[0]}: ${JSON.stringify(v)}`;
      throw e;
    }
  }
  for (const [k, s] of Object.entries(specs)) if (!(k in out) && s.default !== undefined) out[k] = s.default;
  return out;
}

function describeValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function (a Borel fn makes no random choices: declare the guide with `model`)";
  if (Array.isArray(v)) return "an array";
  return v === null || typeof v !== "object" ? String(v) : "a record";
}

function checkOption(owner: string, name: string, s: OptionSpec, v: unknown): unknown {
  const bad = (why: string, hint?: string) => new BorelError("bad-option", `${owner}: option '${name}' ${why}`, { hint });
  switch (s.type) {
    case "int":
    case "number":
      if (typeof v !== "number" || !Number.isFinite(v) || (s.type === "int" && !Number.isInteger(v))) throw bad(`must be ${s.type === "int" ? "an integer" : "a number"}, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
      if (s.min !== undefined && v < s.min) throw bad(`must be ≥ ${s.min}, got ${v}`);
      if (s.positive && !(v > 0)) throw bad(`must be > 0, got ${v}`);
      if (s.max !== undefined && v > s.max) throw bad(`must be ≤ ${s.max}, got ${v}`, s.maxHint);
      return v;
    case "string":
      if (typeof v !== "string") throw bad(`must be a string`);
      return v;
    case "bool":
      if (typeof v !== "boolean") throw bad(`must be true or false`);
      return v;
    case "enum":
      if (typeof v !== "string" || !s.values?.includes(v)) throw bad(`must be one of ${s.values?.map((x) => `"${x}"`).join(", ")}, got ${JSON.stringify(v)}`);
      return v;
    case "model":
      if (!isGenerativeFunction(v)) throw bad(`must be a model (a generative function), got ${describeValue(v)}`);
      return v;
    default:
      // "any": a number within min..max, or one of the named values (`ess_threshold: 0.5` or `"always"`).
      if (typeof v === "number" && ((s.min !== undefined && !(v >= s.min)) || (s.max !== undefined && !(v <= s.max))))
        throw bad(`must be ${s.min !== undefined && s.max !== undefined ? `in [${s.min}, ${s.max}]` : s.min !== undefined ? `≥ ${s.min}` : `≤ ${s.max}`}${s.values ? ` or one of ${s.values.map((x) => `"${x}"`).join(", ")}` : ""}, got ${v}`);
      if (typeof v === "string" && s.values && !s.values.includes(v)) throw bad(`must be a number or one of ${s.values.map((x) => `"${x}"`).join(", ")}, got ${JSON.stringify(v)}`);
      return v;
  }
}
