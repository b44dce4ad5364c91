/**
 * Options of `trainPFN`, their defaults, and the fingerprint a resumed run must match.
 *
 * @example
 * ```ts
 * const o = resolveTrainOptions({ inputs: "x", outputs: "y", steps: 2000, d: 64 });
 * o.batchSize;   // 32
 * ```
 */
import { BorelError } from "../util/errors.js";
import { resolveArchitecture, type PFNArchitecture, type PFNKind } from "./config.js";
import type { AdamWOptions } from "./optimizer.js";
import type { PFN } from "./pfn.js";

export interface TrainProgress {
  step: number;
  steps: number;
  /** Running mean NLL (nats per predicted value) over the recent steps. */
  loss: number;
  lr: number;
  gradNorm: number;
  seconds: number;
  /** CPU seconds used by training so far (see `TrainingRecord.cpuSeconds`). */
  cpuSeconds: number;
  datasets: number;
}

export interface TrainPFNOptions extends Partial<PFNArchitecture> {
  /** Address names of a row's input and output (row i is the pair inputs/i, outputs/i). */
  inputs: string;
  outputs: string;
  /** Model arguments after the number of rows. */
  args?: unknown[];
  /** Default: "latent" when `latents` are given, "classification" for a discrete output, else "regression". */
  kind?: PFNKind;
  /** Latent addresses to predict (the proposal variant). */
  latents?: string[];
  /** Rows per simulated dataset (default 100); the latent kind simulates `context` rows only. */
  rows?: number;
  /** Range of the context size, drawn uniformly per batch (default 0 .. rows/2; latent kind 1 .. rows). */
  minContext?: number;
  maxContext?: number;
  batchSize?: number;
  steps?: number;
  lr?: number;
  warmup?: number;
  weightDecay?: number;
  clip?: number;
  /** Buckets of the bar distribution (default 100) and prior samples for their borders (default 100000). */
  buckets?: number;
  priorSamples?: number;
  seed?: number;
  /** Checkpoint file: written every `checkpointEvery` steps and at the end; an existing one is resumed. */
  checkpoint?: string;
  checkpointEvery?: number;
  /** Start afresh even when the checkpoint exists (default false). */
  restart?: boolean;
  onProgress?: (p: TrainProgress) => void;
  /** Steps between progress reports (default 10). */
  progressEvery?: number;
  /** Stop (with a checkpoint) after this many wall-clock seconds of this call. */
  maxSeconds?: number;
  /** Stop (with a checkpoint) once the run's total CPU seconds (over all calls) reach this. */
  maxCpuSeconds?: number;
  signal?: AbortSignal;
  /** Name of the prior model, stored in the config. */
  modelName?: string;
  /**
   * Start from these trained f32 weights instead of a random initialization — to continue training with a new
   * schedule (a warm restart) or on more data. Their architecture, bucket borders and input/output scaling are
   * kept; architecture options that disagree with them are an error.
   */
  init?: PFN;
}

export type ResolvedTrainOptions = Required<Pick<TrainPFNOptions, "rows" | "minContext" | "maxContext" | "batchSize" | "steps" | "lr" | "warmup" |
  "weightDecay" | "clip" | "buckets" | "priorSamples" | "seed" | "checkpointEvery" | "progressEvery">> & TrainPFNOptions & { arch: PFNArchitecture };

export function resolveTrainOptions(o: TrainPFNOptions): ResolvedTrainOptions {
  if (typeof o.inputs !== "string" || typeof o.outputs !== "string" || !o.inputs || !o.outputs)
    throw new BorelError("bad-option", "trainPFN: 'inputs' and 'outputs' must name the row addresses, e.g. {inputs: \"x\", outputs: \"y\"}");
  const latent = (o.kind ?? (o.latents ? "latent" : undefined)) === "latent";
  if (latent && !(o.latents && o.latents.length > 0)) throw new BorelError("bad-option", "trainPFN: the latent kind needs 'latents' (addresses to predict)");
  const rows = o.rows ?? 100, steps = o.steps ?? 1000;
  const r: ResolvedTrainOptions = {
    ...o, rows, steps, arch: o.init ? initArchitecture(o, o.init) : resolveArchitecture(o),
    minContext: o.minContext ?? (latent ? 1 : 0), maxContext: o.maxContext ?? (latent ? rows : Math.floor(rows / 2)),
    batchSize: o.batchSize ?? 32, lr: o.lr ?? 1e-3, warmup: o.warmup ?? Math.max(1, Math.round(steps / 20)), weightDecay: o.weightDecay ?? 0.01,
    clip: o.clip ?? 1, buckets: o.buckets ?? 100, priorSamples: o.priorSamples ?? 100000, seed: o.seed ?? 0,
    checkpointEvery: o.checkpointEvery ?? 100, progressEvery: o.progressEvery ?? 10,
  };
  for (const k of ["rows", "batchSize", "steps", "buckets", "priorSamples", "checkpointEvery", "progressEvery"] as const)
    if (!Number.isInteger(r[k]) || r[k] < 1) throw new BorelError("bad-option", `trainPFN: '${k}' must be a positive integer, got ${r[k]}`);
  // (Checked here, before the prior is sampled: the borders' own check came after minutes of simulation.)
  if (r.buckets < 2) throw new BorelError("bad-option", `trainPFN: 'buckets' must be an integer ≥ 2 (a bar distribution needs two buckets), got ${r.buckets}`);
  // lr −1 ascended the loss, lr NaN ended in 'the loss is NaN', clip 0 zeroed every step: all silently accepted
  const num = (k: "lr" | "weightDecay" | "clip" | "warmup", ok: boolean, want: string) => {
    if (!ok) throw new BorelError("bad-option", `trainPFN: '${k}' must be ${want}, got ${r[k]}`);
  };
  num("lr", Number.isFinite(r.lr) && r.lr > 0, "a positive number");
  num("weightDecay", Number.isFinite(r.weightDecay) && r.weightDecay >= 0, "a number ≥ 0");
  num("clip", r.clip > 0, "> 0 (Infinity turns clipping off)");
  num("warmup", Number.isInteger(r.warmup) && r.warmup >= 0, "an integer ≥ 0");
  if (o.kind !== undefined && !["regression", "classification", "latent"].includes(o.kind))
    throw new BorelError("bad-option", `trainPFN: 'kind' must be regression, classification or latent, got ${String(o.kind)}`);
  if (!(r.minContext >= 0 && r.minContext <= r.maxContext && (latent || r.maxContext < rows)))
    throw new BorelError("bad-option", `trainPFN: the context range ${r.minContext}..${r.maxContext} does not fit ${rows} rows`, {
      hint: latent ? "need 0 ≤ minContext ≤ maxContext" : "need 0 ≤ minContext ≤ maxContext < rows, so that every dataset has query rows",
    });
  return r;
}

/** The architecture of the `init` weights, after checking that the options agree with them. */
function initArchitecture(o: TrainPFNOptions, init: PFN): PFNArchitecture {
  const c = init.config, bad = (what: string, hint: string) => new BorelError("bad-option", `trainPFN: ${what}`, { hint });
  if (!init.params || init.format !== "f32") throw bad(`'init' must hold f32 weights with their parameters, not ${init.format}`, "load the .f32.pfn file the training wrote");
  const arch: PFNArchitecture = { d: c.d, heads: c.heads, layers: c.layers, ff: c.ff, headHidden: c.headHidden };
  for (const k of Object.keys(arch) as (keyof PFNArchitecture)[])
    if (o[k] !== undefined && o[k] !== arch[k]) throw bad(`'${k}' = ${o[k]} disagrees with the init weights' ${k} = ${arch[k]}`, `drop '${k}' (it comes from the init weights)`);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (o.inputs !== c.inputs || o.outputs !== c.outputs || !same(o.latents, c.latents) || (o.kind !== undefined && o.kind !== c.kind))
    throw bad(`the init weights predict ${c.outputs} from ${c.inputs} (${c.kind}${c.latents ? `, latents ${c.latents.join(", ")}` : ""}), not what these options ask`, "use the same inputs, outputs, kind and latents as the init weights");
  if (o.buckets !== undefined && c.kind !== "classification" && o.buckets !== c.outputsWidth)
    throw bad(`'buckets' = ${o.buckets} disagrees with the init weights' ${c.outputsWidth} buckets`, "drop 'buckets' (the borders come from the init weights)");
  return arch;
}

export function adamOptions(r: ResolvedTrainOptions): AdamWOptions {
  return { lr: r.lr, steps: r.steps, warmup: r.warmup, weightDecay: r.weightDecay, clip: r.clip };
}

/** The options that shape batches and the schedule; resuming with different ones is an error. */
export function fingerprint(r: ResolvedTrainOptions): string {
  return JSON.stringify([r.inputs, r.outputs, r.kind, r.latents, r.rows, r.minContext, r.maxContext, r.batchSize, r.steps, r.lr, r.warmup,
    r.weightDecay, r.clip, r.buckets, r.priorSamples, r.seed, r.arch, r.init ? ["init", r.init.config.training ?? null] : null]);
}
