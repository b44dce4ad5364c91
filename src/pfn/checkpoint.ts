/**
 * Training checkpoints: the config, the parameters, AdamW's moments and step, and the training record, in the
 * tensor layer's serialization format. Batches are drawn from streams split by step number, so a run resumed
 * from a checkpoint sees exactly the batches the uninterrupted run would have seen. Files are written to a
 * temporary name and renamed, so an interrupted write never leaves a truncated checkpoint.
 *
 * @example
 * ```ts
 * saveCheckpoint("gp.ckpt", { config, params, opt, record });
 * const ck = loadCheckpoint("gp.ckpt");   // or null when the file does not exist
 * ```
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { BorelError } from "../util/errors.js";
import { deserialize, serialize, type Serializable } from "../tensor/serialize.js";
import { Tensor } from "../tensor/tensor.js";
import type { PFNConfig } from "./config.js";
import { jsonEntry, readJsonEntry } from "./io.js";
import { AdamW, type AdamWOptions } from "./optimizer.js";
import { paramsFrom, type ParamSet } from "./params.js";

/** What a run has done so far. */
export interface TrainingRecord {
  step: number;
  datasets: number;
  seconds: number;
  /** CPU seconds of the training process (user + system, all threads): the budget measure on a shared machine. */
  cpuSeconds: number;
  /** (step, wall seconds, CPU seconds, running NLL) at every progress report. */
  history: [number, number, number, number][];
  /** The options that determine the batches and schedule (a resumed run must match). */
  fingerprint: string;
}

export interface Checkpoint { config: PFNConfig; params: ParamSet; opt: AdamW; record: TrainingRecord }

export function saveCheckpoint(path: string, ck: Checkpoint): void {
  const e: Record<string, Serializable> = { "ckpt.meta": jsonEntry({ config: ck.config, record: ck.record, adam: { t: ck.opt.t, opts: ck.opt.opts } }) };
  for (const [n, p] of ck.params) {
    e[`p:${n}`] = new Tensor("f32", [...p.shape], p.data);
    e[`m:${n}`] = new Tensor("f32", [p.data.length], ck.opt.m.get(n)!);
    e[`v:${n}`] = new Tensor("f32", [p.data.length], ck.opt.v.get(n)!);
  }
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, serialize(e));
  renameSync(tmp, path);
}

export function loadCheckpoint(path: string): Checkpoint | null {
  if (!existsSync(path)) return null;
  const e = deserialize(new Uint8Array(readFileSync(path)));   // a copy, not a pooled Node Buffer
  const meta = readJsonEntry(e["ckpt.meta"], "ckpt.meta") as { config: PFNConfig; record: TrainingRecord; adam: { t: number; opts: AdamWOptions } };
  const arr = (k: string) => { const t = e[k]; return t instanceof Tensor ? (t.data as Float32Array) : undefined; };
  const params = paramsFrom(meta.config, (n) => arr(`p:${n}`));
  const opt = new AdamW(params, meta.adam.opts);
  opt.t = meta.adam.t;
  for (const n of params.keys()) {
    const m = arr(`m:${n}`), v = arr(`v:${n}`);
    if (!m || !v) throw new BorelError("bad-file", `checkpoint '${path}': optimizer state of '${n}' is missing`);
    opt.m.get(n)!.set(m); opt.v.get(n)!.set(v);
  }
  return { config: meta.config, params, opt, record: meta.record };
}
