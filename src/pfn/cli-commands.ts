/**
 * Handlers of the `borel pfn ...` commands, as plain functions of parsed arguments (the CLI, layer 9, parses
 * the command line, compiles FILE and looks up the model, then calls these):
 *
 *   borel pfn train FILE --model NAME --out gp.pfn [--inputs x --outputs y --latents a,b --steps 2000 --init old.pfn ...]
 *   borel pfn predict WEIGHTS --data data.json --at 0.1,0.5 [--format int8] [--json]
 *   borel pfn info WEIGHTS
 *
 * `PFN_TRAIN_FLAGS` lists the train flags with their types, defaults and help text; `parsePfnTrainFlags`
 * turns their string values into `trainPFN` options (errors name the flag).
 *
 * @example
 * ```ts
 * const opts = parsePfnTrainFlags({ out: "gp.pfn", steps: "500", d: "64" });
 * await pfnTrain({ ...opts, model: compiled.models.get("gp") }, { out: console.log, err: console.error });
 * pfnPredict({ weights: "gp.pfn", data: { x: [0.1], y: [0.3] }, at: "0.2,0.4" }, io);
 * ```
 */
import { readDataFile, unwritableFolder } from "../util/files.js";
import { BorelError } from "../util/errors.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { quantizeFromPrior } from "./calibrate.js";
import { ClassPrediction } from "./class-prediction.js";
import type { Context, InputRow } from "./inputs.js";
import { loadPFN } from "./pfn.js";
import { extrapolationWarnings } from "./extrapolation.js";
import type { PFNWeightFormat } from "./quantize.js";
import { trainPFN, type TrainPFNOptions } from "./train.js";

export interface CommandIO { out(line: string): void; err(line: string): void }

type FlagType = "int" | "number" | "string" | "list" | "enum" | "bool";
export interface FlagSpec { type: FlagType; doc: string; default?: string; values?: readonly string[] }

export const PFN_TRAIN_FLAGS: Readonly<Record<string, FlagSpec>> = {
  out: { type: "string", doc: "weights file to write", default: "<model>.pfn" },
  inputs: { type: "string", doc: "address name of a row's input", default: "x" },
  outputs: { type: "string", doc: "address name of a row's output", default: "y" },
  latents: { type: "list", doc: "latent addresses to predict (trains a proposal PFN), comma-separated" },
  kind: { type: "enum", values: ["regression", "classification", "latent"], doc: "what the network predicts (default: from the prior)" },
  format: { type: "enum", values: ["f32", "int8", "int4"], doc: "weight format of the written file", default: "f32" },
  steps: { type: "int", doc: "optimization steps", default: "1000" },
  "batch-size": { type: "int", doc: "datasets per step", default: "32" },
  rows: { type: "int", doc: "rows per simulated dataset", default: "100" },
  "min-context": { type: "int", doc: "smallest context size" },
  "max-context": { type: "int", doc: "largest context size" },
  lr: { type: "number", doc: "peak learning rate", default: "0.001" },
  warmup: { type: "int", doc: "warmup steps" },
  d: { type: "int", doc: "model width", default: "128" },
  heads: { type: "int", doc: "attention heads", default: "4" },
  layers: { type: "int", doc: "transformer blocks", default: "4" },
  ff: { type: "int", doc: "hidden width of the block MLPs", default: "256" },
  buckets: { type: "int", doc: "buckets of the bar distribution", default: "100" },
  seed: { type: "int", doc: "random seed", default: "0" },
  checkpoint: { type: "string", doc: "checkpoint file (resumed when it exists)" },
  restart: { type: "bool", doc: "ignore an existing checkpoint" },
  init: { type: "string", doc: "start from these f32 weights (continue training with a new schedule; architecture and buckets come from them)" },
  "max-seconds": { type: "number", doc: "stop after this many seconds (checkpointed)" },
};

const CAMEL: Record<string, keyof TrainPFNOptions> = { "batch-size": "batchSize", "min-context": "minContext", "max-context": "maxContext", "max-seconds": "maxSeconds" };

export type PfnTrainArgs = TrainPFNOptions & { out: string; format?: PFNWeightFormat; model: GenerativeFunction };

/** Flag values (strings, or true for bare flags) → options for `pfnTrain` (without the model). */
export function parsePfnTrainFlags(flags: Readonly<Record<string, string | boolean | undefined>>): Omit<PfnTrainArgs, "model"> {
  const o: Record<string, unknown> = { inputs: "x", outputs: "y" };
  for (const [name, raw] of Object.entries(flags)) {
    if (raw === undefined) continue;
    const spec = PFN_TRAIN_FLAGS[name];
    if (!spec) throw new BorelError("unknown-option", `borel pfn train: unknown flag --${name}`, { hint: `flags: ${Object.keys(PFN_TRAIN_FLAGS).map((f) => `--${f}`).join(" ")}` });
    const bad = (why: string) => new BorelError("bad-option", `borel pfn train: --${name} ${why}, got '${String(raw)}'`, { hint: spec.doc });
    const s = String(raw);
    let v: unknown = s;
    if (spec.type === "int" || spec.type === "number") { v = Number(s); if (!Number.isFinite(v) || (spec.type === "int" && !Number.isInteger(v))) throw bad(`must be ${spec.type === "int" ? "an integer" : "a number"}`); }
    else if (spec.type === "list") v = s.split(",").map((x) => x.trim()).filter(Boolean);
    else if (spec.type === "bool") v = raw === true || s === "true";
    else if (spec.type === "enum" && !spec.values!.includes(s)) throw bad(`must be one of ${spec.values!.join(", ")}`);
    if (name === "init") v = loadPFN(s);
    o[CAMEL[name] ?? name] = v;
  }
  if (typeof o.out !== "string") throw new BorelError("bad-option", "borel pfn train: --out FILE is required", { hint: "the weights file to write" });
  return o as Omit<PfnTrainArgs, "model">;
}

/** Trains, prints progress at most once per second, writes the weights; returns what it wrote. */
export async function pfnTrain(args: PfnTrainArgs, io: CommandIO): Promise<{ file: string; bytes: number; steps: number; seconds: number }> {
  const { model, out, format = "f32", ...opts } = args;
  // A path that cannot be written fails now, not after the training it would have lost.
  writableFolder(out, "--out");
  if (opts.checkpoint !== undefined) writableFolder(opts.checkpoint, "--checkpoint");
  let last = 0;
  const pfn = await trainPFN(model, {
    ...opts,
    onProgress: (p) => {
      const now = performance.now();
      if (now - last < 1000 && p.step < p.steps) return;
      last = now;
      io.err(`step ${p.step}/${p.steps}  nll ${p.loss.toFixed(4)}  lr ${p.lr.toExponential(2)}  ${p.seconds.toFixed(0)} s`);
    },
  });
  const q = format === "f32" ? pfn : quantizeFromPrior(pfn, model, format, { args: opts.args });
  const bytes = q.toBytes();
  q.save(out);
  const t = pfn.config.training as { steps: number; seconds: number };
  io.out(`wrote ${out} (${format}, ${bytes.length} bytes) after ${t.steps} steps in ${t.seconds} s`);
  return { file: out, bytes: bytes.length, steps: t.steps, seconds: t.seconds };
}

/** An option error unless the folder of `path` exists and can be written. */
function writableFolder(path: string, flag: string): void {
  const why = unwritableFolder(path);
  if (why !== null) throw new BorelError("bad-option", `borel pfn train: ${flag} ${path}: ${why}`, { hint: "create the folder first, or give a path in a writable folder" });
}

/** `--at 0.1,0.5` or `--at "[[0,1],[1,2]]"` → query rows. */
export function parseAt(at: string | readonly InputRow[]): InputRow[] {
  if (typeof at !== "string") return [...at];
  const s = at.trim();
  const bad = () => new BorelError("bad-option", `borel pfn predict: --at must be numbers separated by commas or a JSON array of rows, got '${at}'`);
  let v: unknown;
  // an empty item is an error, not Number("") = 0 (--at "" or "0.1,,0.5" predicted at 0)
  if (s.startsWith("[")) { try { v = JSON.parse(s); } catch { throw bad(); } }
  else v = s.split(",").map((t) => (t.trim() === "" ? NaN : Number(t)));
  if (!Array.isArray(v) || v.length === 0 || v.some((r) => !(typeof r === "number" ? Number.isFinite(r) : Array.isArray(r)))) throw bad();
  return v as InputRow[];
}

export interface PfnPredictArgs { weights: string; data?: Context; dataFile?: string; at: string | readonly InputRow[]; format?: PFNWeightFormat; json?: boolean }

/** Prints the predictive at each query input: mean, sd, 5/50/95% quantiles (or class probabilities). */
export function pfnPredict(a: PfnPredictArgs, io: CommandIO): unknown[] {
  const pfn = loadPFN(a.weights, a.format ? { format: a.format } : {});
  let data = a.data;
  if (!data && a.dataFile) {
    const r = readDataFile(a.dataFile);
    if ("problem" in r) throw new BorelError("bad-option", `borel pfn predict: --data: ${r.problem}`);
    data = r.value as Context;
  }
  if (!data || !Array.isArray(data.x) || !Array.isArray(data.y))
    throw new BorelError("bad-option", "borel pfn predict: needs --data FILE.json with fields x and y (the observed rows)");
  const xq = parseAt(a.at), preds = pfn.predict(data, xq);
  for (const w of extrapolationWarnings(pfn.config, data, xq)) io.err(`warning: ${w}`);
  const rows = preds.map((d, i) => d instanceof ClassPrediction
    ? { at: xq[i], probs: Object.fromEntries(d.classes.map((k, j) => [k, d.probs[j]])) }
    : { at: xq[i], mean: d.mean(), sd: Math.sqrt(d.variance()), q05: d.quantile(0.05), q50: d.quantile(0.5), q95: d.quantile(0.95) });
  if (a.json) io.out(JSON.stringify(rows));
  else for (const r of rows) io.out(Object.entries(r).map(([k, v]) => `${k} ${typeof v === "number" ? v.toPrecision(5) : JSON.stringify(v)}`).join("  "));
  return rows;
}

/** Prints what a weights file holds. */
export function pfnInfo(weights: string, io: CommandIO): void {
  const p = loadPFN(weights), c = p.config;
  io.out(`${weights}: ${c.kind} PFN of ${c.model ?? "a prior"} (${c.inputs} → ${c.outputs}${c.latents ? `; latents ${c.latents.join(", ")}` : ""}), ${p.format}, ${p.bytes} bytes of weights`);
  io.out(`architecture: d ${c.d}, ${c.layers} layers, ${c.heads} heads, ff ${c.ff}, ${c.outputsWidth} ${c.kind === "classification" ? "classes" : "buckets"}`);
  if (c.training) io.out(`training: ${JSON.stringify(c.training)}`);
}
