/**
 * GPTQ calibration from the prior: the f32 network runs on datasets simulated from the prior it was trained
 * on, and the inputs reaching every block projection are collected (at most `maxRows` rows per projection,
 * spread over the datasets). `quantizeFromPrior` then quantizes a PFN to int4 (GPTQ) or int8 in one call.
 *
 * @example
 * ```ts
 * const int4 = quantizeFromPrior(pfn, gp, "int4", { datasets: 32, seed: 0 });
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import { Tensor } from "../tensor/tensor.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { contextArrays, normalizeInputs } from "./inputs.js";
import { simulateDataset } from "./prior.js";
import type { PFN } from "./pfn.js";
import type { PFNWeightFormat, QuantizeOptions } from "./quantize.js";
import type { ActivationHook } from "./network.js";

export interface CalibrationOptions {
  /** Prior datasets to run (default 32). */
  datasets?: number;
  /** Context rows and query rows per dataset (default: half of the training rows each). */
  context?: number;
  queries?: number;
  /** Rows kept per projection (default 4096). */
  maxRows?: number;
  /** Model arguments after the number of rows. */
  args?: unknown[];
  seed?: number;
}

/** Activations [s, in] reaching each block projection, keyed `${layer}.${projection}`. */
export function calibrationFromPrior(pfn: PFN, model: GenerativeFunction, o: CalibrationOptions = {}): Map<string, Tensor> {
  const c = pfn.config, rows = Number((c.training as { rows?: number } | undefined)?.rows ?? 100);
  const nd = o.datasets ?? 32, nc = o.context ?? Math.floor(rows / 2), nq = c.kind === "latent" ? c.latents!.length : (o.queries ?? rows - nc);
  const maxRows = o.maxRows ?? 4096, rng = new Rng(o.seed ?? 0, "calibration");
  const chunks = new Map<string, Float32Array[]>();
  const hook: ActivationHook = (l, proj, x) => {
    const k = `${l}.${proj}`;
    if (!chunks.has(k)) chunks.set(k, []);
    chunks.get(k)!.push(x.data.slice());
  };
  for (let i = 0; i < nd; i++) {
    const ds = simulateDataset(model, c.kind === "latent" ? nc : nc + nq, rng, { inputs: c.inputs, outputs: c.outputs, args: o.args });
    const D = c.xDim, rowsOf = (a: number, b: number) => Array.from({ length: b - a }, (_, r) => ds.x.subarray((a + r) * D, (a + r + 1) * D));
    const ctx = contextArrays(c, { x: rowsOf(0, nc), y: ds.y.subarray(0, nc) });
    const cache = pfn.network.condition(ctx.x, ctx.y, nc, hook);
    if (c.kind === "latent") pfn.network.queryLogits(cache, new Float32Array(nq * D), nq, hook, Array.from({ length: nq }, (_, a) => a));
    else pfn.network.queryLogits(cache, normalizeInputs(c, rowsOf(nc, nc + nq), "queries"), nq, hook);
  }
  const out = new Map<string, Tensor>();
  for (const [k, parts] of chunks) {
    const width = (k.endsWith(".w2") ? c.ff : c.d), all = parts.reduce((s, p) => s + p.length / width, 0);
    const take = Math.min(all, maxRows), stride = all / take, data = new Float32Array(take * width);
    const flat = new Float32Array(all * width);
    let off = 0;
    for (const p of parts) { flat.set(p, off); off += p.length; }
    for (let r = 0; r < take; r++) { const src = Math.floor(r * stride); data.set(flat.subarray(src * width, (src + 1) * width), r * width); }
    out.set(k, new Tensor("f32", [take, width], data));
  }
  return out;
}

/** `pfn.quantize(format)` with GPTQ calibration from prior samples for int4. */
export function quantizeFromPrior(pfn: PFN, model: GenerativeFunction, format: PFNWeightFormat, o: CalibrationOptions & Omit<QuantizeOptions, "format" | "calibration"> = {}): PFN {
  if (format !== "int4") return pfn.quantize(format, o);
  if (!pfn.params) throw new BorelError("bad-method", "quantizeFromPrior: needs an f32 network");
  return pfn.quantize("int4", { ...o, calibration: calibrationFromPrior(pfn, model, o) });
}
