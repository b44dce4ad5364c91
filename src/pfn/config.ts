/**
 * The description of a trained PFN that travels with its weights: what it predicts (`kind`), the architecture,
 * the prior's address names, the input normalization and the output buckets.
 *
 * - `regression`: predicts y/i at new x/i as a bar distribution over `borders[0]`;
 * - `classification`: predicts the class of y/i (`classes` lists the labels, y is fed to the network as the
 *   label's index);
 * - `latent`: the proposal variant — one query token per latent address in `latents`, each predicting that
 *   latent as a bar distribution over its own `borders[a]`, given the observed rows.
 *
 * Inputs are normalized by fixed affine maps computed from prior samples (x by `xMean`/`xSd` per feature, the
 * context's y by `yMean`/`ySd`), so any prior's scale reaches the network near unit scale.
 *
 * @example
 * ```ts
 * const arch = resolveArchitecture({ d: 64, layers: 2 });   // the rest from DEFAULT_ARCHITECTURE
 * ```
 */
import { BorelError } from "../util/errors.js";

export type PFNKind = "regression" | "classification" | "latent";

export interface PFNArchitecture {
  /** Model width (token size). */
  d: number;
  heads: number;
  layers: number;
  /** Hidden width of each block's MLP. */
  ff: number;
  /** Hidden width of the output head's MLP. */
  headHidden: number;
}

export const DEFAULT_ARCHITECTURE: PFNArchitecture = { d: 128, heads: 4, layers: 4, ff: 256, headHidden: 256 };

export interface PFNConfig extends PFNArchitecture {
  kind: PFNKind;
  /** Address names of a row's input and output in the prior model ("x", "y"). */
  inputs: string;
  outputs: string;
  /** Features per row. */
  xDim: number;
  /** Width of the head's output: buckets (regression, latent) or classes. */
  outputsWidth: number;
  xMean: number[];
  xSd: number[];
  yMean: number;
  ySd: number;
  /** Bucket borders: one array for regression, one per latent address for `latent`. */
  borders: number[][];
  /** Class labels (classification; a boolean output has classes 0 = false, 1 = true). */
  classes?: number[];
  /** Latent addresses (latent kind), in query-slot order. */
  latents?: string[];
  /**
   * Softmax temperature of the predictive (logits / temperature; default 1), fitted on prior datasets after
   * training by `calibrateTemperature` (temperature.ts).
   */
  temperature?: number;
  /**
   * A temperature per context size, replacing `temperature` when present: τ at each of the increasing context
   * sizes `context`, interpolated linearly in log τ against log(n + 1) and constant beyond the ends
   * (`calibrateTemperature` with `contextSizes`). A network's over- or under-confidence differs with n.
   */
  temperatureByContext?: TemperatureTable;
  /** Name of the prior model it was trained on, and training facts (steps, seed, datasets, time). */
  model?: string;
  training?: Record<string, unknown>;
}

/** Temperatures at context sizes (see `PFNConfig.temperatureByContext`). */
export interface TemperatureTable {
  context: number[];
  tau: number[];
}

/** The predictive temperature for a context of n rows. */
export function temperatureAt(c: Pick<PFNConfig, "temperature" | "temperatureByContext">, n: number): number {
  const t = c.temperatureByContext;
  if (t === undefined) return c.temperature ?? 1;
  const ns = t.context, taus = t.tau, last = ns.length - 1;
  if (n <= ns[0]!) return taus[0]!;
  if (n >= ns[last]!) return taus[last]!;
  let j = 1;
  while (ns[j]! < n) j++;
  const u = (Math.log1p(n) - Math.log1p(ns[j - 1]!)) / (Math.log1p(ns[j]!) - Math.log1p(ns[j - 1]!));
  return Math.exp((1 - u) * Math.log(taus[j - 1]!) + u * Math.log(taus[j]!));
}

/** Checks a temperature table: equal non-empty lengths, increasing non-negative context sizes, positive finite τ. */
export function checkTemperatureTable(t: TemperatureTable, where: string): void {
  const ok = Array.isArray(t.context) && Array.isArray(t.tau) && t.context.length > 0 && t.context.length === t.tau.length
    && t.context.every((n, i) => Number.isInteger(n) && n >= 0 && (i === 0 || n > t.context[i - 1]!))
    && t.tau.every((v) => typeof v === "number" && v > 0 && Number.isFinite(v));
  if (!ok)
    throw new BorelError("bad-option", `${where}: a temperature table needs increasing context sizes (integers ≥ 0) and as many positive temperatures`, {
      hint: "e.g. {context: [1, 10, 50], tau: [1.0, 1.05, 0.9]}",
    });
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new BorelError("bad-option", `PFN architecture: '${name}' must be a positive integer, got ${String(v)}`);
  return v;
}

/** The architecture with defaults filled in; `d` must be divisible by `heads`. */
export function resolveArchitecture(a: Partial<PFNArchitecture> = {}): PFNArchitecture {
  const r = { ...DEFAULT_ARCHITECTURE };
  for (const k of Object.keys(DEFAULT_ARCHITECTURE) as (keyof PFNArchitecture)[]) if (a[k] !== undefined) r[k] = a[k];
  for (const k of Object.keys(DEFAULT_ARCHITECTURE) as (keyof PFNArchitecture)[]) positiveInt(k, r[k]);
  if (r.d % r.heads !== 0)
    throw new BorelError("bad-option", `PFN architecture: width d = ${r.d} is not divisible by ${r.heads} heads`, { hint: "choose d as a multiple of heads" });
  return r;
}
