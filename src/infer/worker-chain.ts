/**
 * The entry of an MCMC worker thread (started by worker-boot.mjs from mcmc/parallel.ts): loads the model and
 * the kernel from their module references (importing the inference index registers every kernel a spec can
 * name), then runs each chain job it receives with a `ChainRunner`, posting progress, the result, or an error.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";
import { isBorelError } from "../util/errors.js";
import "./index.js";
import type { AnyKernel } from "./kernels/adaptive.js";
import { ChainRunner, type ChainJob } from "./mcmc/chain.js";
import { buildKernel, loadExport } from "./mcmc/kernel-spec.js";
import { isKernelSpec, type ModuleRef } from "./mcmc/options.js";
import type { KernelSpec } from "./registry.js";
import type { WorkerMessage } from "./mcmc/parallel.js";
import { decodeTransfer, encodeTransfer } from "./mcmc/transfer.js";

interface Setup {
  model: ModuleRef;
  args: unknown[];
  observations: [string, unknown][];
  kernel: KernelSpec | ModuleRef;
  flag: SharedArrayBuffer;
}

const setup = workerData as Setup;
const port = parentPort!;
const flag = new Int32Array(setup.flag);
const signal = { get aborted() { return Atomics.load(flag, 0) === 1; } };
const post = (m: WorkerMessage) => port.postMessage(m);

const model = (await loadExport(setup.model)) as GenerativeFunction;
const loadedKernel = isKernelSpec(setup.kernel) ? undefined : ((await loadExport(setup.kernel)) as AnyKernel);
const args = decodeTransfer(setup.args) as unknown[];
const observations = new ChoiceMap(decodeTransfer(setup.observations) as [string, unknown][]);
const kernelFor = (t: Trace): AnyKernel => (loadedKernel ?? buildKernel(model, setup.kernel as KernelSpec, t));

port.on("message", ({ job, index }: { job: ChainJob; index: number }) => {
  try {
    const runner = new ChainRunner(model, args, observations, kernelFor, job, {}, signal);
    const chunk = Math.max(1, Math.floor(runner.totalSteps / 50));
    while (!runner.done) { runner.run(chunk); post({ type: "progress", chain: index, steps: runner.stepsDone }); }
    post({ type: "result", chain: index, result: encodeTransfer(runner.finish()) as never });
  } catch (e) {
    const err = isBorelError(e) ? { code: e.code, message: e.message, hint: e.hint, address: e.address } : { code: "worker-error", message: (e as Error)?.stack ?? String(e) };
    post({ type: "error", chain: index, error: err });
  }
});
post({ type: "ready" });
