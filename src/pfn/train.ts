/**
 * `trainPFN(model, {inputs: "x", outputs: "y", ...})`: trains a PFN on datasets simulated from a prior
 * generative function whose first argument is the number of rows (row i = the choices x/i, y/i).
 *
 * Before the first step, `priorStats` simulates ≥ 10^5 prior outputs for the bucket borders and the input
 * normalization. Step t simulates a batch on the stream `seed/batch/t` with a context size drawn on that stream,
 * runs the network on the tape (`graph.ts`), and takes an AdamW step (warmup + cosine, gradient clipping).
 * Progress reports the running NLL; checkpoints (every `checkpointEvery` steps, at the end, and when stopped by
 * `maxSeconds` or `signal`) make the run resumable with identical batches.
 *
 * @example
 * ```ts
 * const pfn = await trainPFN(gp, { inputs: "x", outputs: "y", steps: 2000, d: 64, layers: 3,
 *   checkpoint: "gp.ckpt", onProgress: (p) => console.log(p.step, p.loss) });
 * pfn.predict({ x: [0.2], y: [0.5] }, [0.3])[0].mean();
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { simulateBatch } from "./batch.js";
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { PFNConfig, PFNKind } from "./config.js";
import { paramNodes, pfnLogits } from "./graph.js";
import { Tape } from "./grad/tape.js";
import { crossEntropy } from "./grad/loss.js";
import { PFNNetwork } from "./network.js";
import { AdamW, learningRate } from "./optimizer.js";
import { initParams, paramsFrom } from "./params.js";
import { PFN } from "./pfn.js";
import { priorStats } from "./prior-stats.js";
import { adamOptions, fingerprint, resolveTrainOptions, type ResolvedTrainOptions, type TrainPFNOptions } from "./train-options.js";

export type { TrainPFNOptions, TrainProgress } from "./train-options.js";

/** A fresh run: prior statistics, config and initial parameters. */
function freshRun(model: GenerativeFunction, r: ResolvedTrainOptions, rng: Rng): Checkpoint {
  if (r.init) return initRun(r, r.init);
  const spec = { inputs: r.inputs, outputs: r.outputs, args: r.args, latents: r.latents };
  const st = priorStats(model, spec, { rows: r.rows, buckets: r.buckets, samples: r.priorSamples, rng: rng.split("prior-stats") });
  const kind: PFNKind = r.kind ?? (r.latents ? "latent" : st.discrete ? "classification" : "regression");
  if (kind === "regression" && st.discrete)
    throw new BorelError("bad-option", `trainPFN: the output '${r.outputs}' is discrete; use kind "classification"`);
  if (kind === "classification" && !st.discrete)   // was a TypeError reading the missing classes
    throw new BorelError("bad-option", `trainPFN: the output '${r.outputs}' is continuous; kind "classification" needs a discrete output`, { hint: 'use kind "regression"' });
  const config: PFNConfig = {
    ...r.arch, kind, inputs: r.inputs, outputs: r.outputs, xDim: st.xDim, xMean: st.xMean, xSd: st.xSd, yMean: st.yMean, ySd: st.ySd,
    outputsWidth: kind === "classification" ? st.classes!.length : r.buckets, borders: st.borders,
    ...(st.classes ? { classes: st.classes } : {}), ...(r.latents ? { latents: [...r.latents] } : {}),
    ...(r.modelName ?? model.name ? { model: r.modelName ?? model.name } : {}),
  };
  const params = initParams(config, rng.split("init"));
  return { config, params, opt: new AdamW(params, adamOptions(r)), record: { step: 0, datasets: 0, seconds: 0, cpuSeconds: 0, history: [], fingerprint: fingerprint(r) } };
}

/** A run that starts from trained weights: their config (less training facts and calibration) and a copy of their parameters. */
function initRun(r: ResolvedTrainOptions, init: PFN): Checkpoint {
  const { training: _t, temperature: _c, temperatureByContext: _tc, ...config } = init.config;
  const params = paramsFrom(config, (name) => { const p = init.params!.get(name); return p && Float32Array.from(p.data); });
  return { config, params, opt: new AdamW(params, adamOptions(r)), record: { step: 0, datasets: 0, seconds: 0, cpuSeconds: 0, history: [], fingerprint: fingerprint(r) } };
}

/** One optimization step on batch t; returns its mean NLL. */
function trainStep(model: GenerativeFunction, ck: Checkpoint, r: ResolvedTrainOptions, grads: Map<string, Float32Array>, rng: Rng): { nll: number; gradNorm: number } {
  const c = ck.config, spec = { inputs: r.inputs, outputs: r.outputs, args: r.args, latents: c.latents };
  const nc = r.minContext + rng.int(r.maxContext - r.minContext + 1);
  const bt = simulateBatch(model, c, spec, { batch: r.batchSize, rows: r.rows, context: nc }, rng);
  for (const g of grads.values()) g.fill(0);
  const tp = new Tape();
  const loss = crossEntropy(tp, pfnLogits(tp, paramNodes(tp, ck.params, grads), c, bt.graph), bt.targets);
  tp.backward(loss);
  const gradNorm = ck.opt.step(grads);
  let shape = 0;
  for (const s of bt.shapeLogDensity) shape += s;
  return { nll: loss.data[0] - shape / Math.max(1, bt.shapeLogDensity.length), gradNorm };
}

export async function trainPFN(model: GenerativeFunction, opts: TrainPFNOptions): Promise<PFN> {
  const r = resolveTrainOptions(opts), root = new Rng(r.seed), cpu0 = process.cpuUsage();   // the prior statistics count as training
  let ck = r.checkpoint && !r.restart ? loadCheckpoint(r.checkpoint) : null;
  if (ck && ck.record.fingerprint !== fingerprint(r))
    throw new BorelError("bad-option", `trainPFN: the checkpoint '${r.checkpoint}' was made with other training options`, {
      hint: "use the same options to resume, another checkpoint file, or restart: true",
    });
  ck ??= freshRun(model, r, root);
  const grads = new Map([...ck.params].map(([n, p]) => [n, new Float32Array(p.data.length)]));
  const rec = ck.record, t0 = performance.now(), s0 = rec.seconds, c0 = rec.cpuSeconds ?? 0, recent: number[] = [];
  const seconds = () => s0 + (performance.now() - t0) / 1000;
  const cpuSeconds = () => { const u = process.cpuUsage(cpu0); return c0 + (u.user + u.system) / 1e6; };
  let gradNorm = 0;
  while (rec.step < r.steps) {
    // A run resumed with its CPU budget already spent takes no further step.
    if (r.maxCpuSeconds !== undefined && cpuSeconds() >= r.maxCpuSeconds) break;
    const res = trainStep(model, ck, r, grads, root.split(`batch/${rec.step}`));
    rec.step++;
    rec.datasets += r.batchSize;
    gradNorm = res.gradNorm;
    recent.push(res.nll);
    if (recent.length > 50) recent.shift();
    const stop = r.signal?.aborted || (r.maxSeconds !== undefined && (performance.now() - t0) / 1000 >= r.maxSeconds) ||
      (r.maxCpuSeconds !== undefined && cpuSeconds() >= r.maxCpuSeconds);
    if (rec.step % r.progressEvery === 0 || rec.step === r.steps || stop) {
      const loss = recent.reduce((a, b) => a + b, 0) / recent.length;
      rec.history.push([rec.step, Math.round(seconds() * 10) / 10, Math.round(cpuSeconds() * 10) / 10, Math.round(loss * 1e4) / 1e4]);
      r.onProgress?.({ step: rec.step, steps: r.steps, loss, lr: learningRate(rec.step - 1, ck.opt.opts), gradNorm, seconds: seconds(), cpuSeconds: cpuSeconds(), datasets: rec.datasets });
      await new Promise((res) => setImmediate(res)); // lets an AbortSignal fire
    }
    if (r.checkpoint && (rec.step % r.checkpointEvery === 0 || rec.step === r.steps || stop)) { rec.seconds = seconds(); rec.cpuSeconds = cpuSeconds(); saveCheckpoint(r.checkpoint, ck); }
    if (stop) break;
  }
  rec.seconds = seconds();
  rec.cpuSeconds = cpuSeconds();
  const config: PFNConfig = { ...ck.config, training: { steps: rec.step, datasets: rec.datasets, seconds: Math.round(rec.seconds), cpuSeconds: Math.round(rec.cpuSeconds), seed: r.seed, batchSize: r.batchSize, rows: r.rows } };
  return new PFN(config, PFNNetwork.build(config, ck.params), ck.params);
}
