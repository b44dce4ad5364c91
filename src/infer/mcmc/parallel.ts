/**
 * Chains on worker threads. Each worker starts from `worker-boot.mjs` (it registers tsx, then imports the
 * TypeScript entry `worker-chain.ts`), loads the model and kernel from their module references, and runs the
 * chain jobs it is sent, one at a time; a job carries the chain's seed and stream path, so the draws are those
 * the same chain gives in this thread. Workers report progress; an AbortSignal sets a shared flag that every
 * worker checks each step, and each returns its draws so far. Errors come back as `BorelError`s.
 */
import { Worker } from "node:worker_threads";
import { BorelError } from "../../util/errors.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { GFIOptions } from "../../trace/gfi.js";
import type { KernelSpec } from "../registry.js";
import type { ChainJob, ChainResult } from "./chain.js";
import type { ModuleRef } from "./options.js";
import { Progress } from "./progress.js";
import { decodeTransfer, encodeTransfer } from "./transfer.js";

export interface ParallelRun {
  model: ModuleRef;
  args: unknown[];
  observations: ChoiceMap;
  kernel: KernelSpec | ModuleRef;
  jobs: ChainJob[];
  workers: number;
  gfi: GFIOptions;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "progress"; chain: number; steps: number }
  | { type: "result"; chain: number; result: ChainResult }
  | { type: "error"; chain: number; error: { code: string; message: string; hint?: string; address?: string } };

export async function runParallel(run: ParallelRun): Promise<ChainResult[]> {
  if (run.gfi.params) throw new BorelError("not-parallel", "mcmcAsync: a ParamStore cannot cross threads", { hint: "run with workers: 1" });
  const jobs = run.jobs.filter((j) => !j.keepTraces);
  if (jobs.length < run.jobs.length) throw new BorelError("not-parallel", "mcmcAsync: traces cannot cross threads (keepTraces)", { hint: "run with workers: 1, or without keepTraces" });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const onAbort = () => Atomics.store(flag, 0, 1);
  if (run.signal?.aborted) onAbort();
  run.signal?.addEventListener("abort", onAbort);
  const total = jobs.reduce((s, j) => s + j.warmup + j.samples * j.thin, 0);
  const progress = new Progress(total, run.onProgress);
  const stepsPerChain = new Array(jobs.length).fill(0);
  const results: ChainResult[] = new Array(jobs.length);
  const queue = jobs.map((_, i) => i);
  const setup = { model: run.model, args: encodeTransfer(run.args), observations: encodeTransfer([...run.observations]), kernel: run.kernel, flag: flag.buffer };
  const pool: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: Math.min(run.workers, jobs.length) }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(new URL("../worker-boot.mjs", import.meta.url), { workerData: setup });
      pool.push(w);
      const next = () => {
        const i = queue.shift();
        if (i === undefined) { resolve(); return; }
        w.postMessage({ job: jobs[i], index: i });
      };
      w.on("message", (m: WorkerMessage) => {
        if (m.type === "ready") next();
        else if (m.type === "progress") { stepsPerChain[m.chain] = m.steps; progress.set(stepsPerChain.reduce((a, b) => a + b, 0), `${jobs.length} chains on ${pool.length} workers`); }
        else if (m.type === "result") { results[m.chain] = decodeTransfer(m.result) as ChainResult; stepsPerChain[m.chain] = m.result.steps; next(); }
        else if (m.type === "error") reject(new BorelError(m.error.code, `chain ${m.chain + 1}: ${m.error.message}`, { hint: m.error.hint, address: m.error.address }));
      });
      w.on("error", (e) => reject(new BorelError("worker-error", `an MCMC worker failed: ${e.message}`, { cause: e })));
      w.on("exit", (code) => { if (code !== 0) reject(new BorelError("worker-error", `an MCMC worker exited with code ${code}`)); });
    })));
  } finally {
    run.signal?.removeEventListener("abort", onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  // The steps the chains ran: short of the total when the run was interrupted (it must not report 100%).
  progress.end(stepsPerChain.reduce((a, b) => a + b, 0), results.some((r) => r?.interrupted) ? "interrupted" : "");
  return results;
}
