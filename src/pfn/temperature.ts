/**
 * Temperature scaling of a regression PFN's predictive (Guo et al. 2017, applied to the bar distribution): one
 * scalar τ divides the head's logits, chosen to minimize the NLL of held-out rows of datasets simulated from
 * the prior — the training objective itself, on fresh data, so τ corrects the over- or under-confidence a short
 * training run leaves without moving the buckets. τ is stored in the config (`temperature`) and saved with
 * the weights; every later `predict` applies it.
 *
 * The logits are computed once; the NLL as a function of log τ is then minimized by golden-section search on
 * [1/4, 4] (NLL(τ) of softmax logits is smooth and, in practice, unimodal in log τ).
 *
 * @example
 * ```ts
 * const { pfn: calibrated, temperature, nllBefore, nllAfter } = calibrateTemperature(pfn, gpPrior(), { datasets: 256 });
 * calibrated.save("gp.pfn");
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { BarDistribution } from "./bar-distribution.js";
import { normalizeInputs, type Context } from "./inputs.js";
import type { PFN } from "./pfn.js";
import { simulateDataset } from "./prior.js";

export interface TemperatureOptions {
  /** Simulated datasets (default 256). */
  datasets?: number;
  /** Rows per dataset (default: the training run's, else 100). */
  rows?: number;
  /** Held-out rows per dataset scored (default 10). */
  queries?: number;
  /** Context sizes drawn uniformly from [minContext, maxContext] (defaults 1 and rows − queries). */
  minContext?: number;
  maxContext?: number;
  /** Extra model arguments after the row count. */
  args?: unknown[];
  seed?: number;
}

export interface TemperatureResult {
  pfn: PFN;
  temperature: number;
  /** Mean NLL per held-out row at τ = the network's previous temperature, and at the fitted τ. */
  nllBefore: number;
  nllAfter: number;
}

/** Fits the predictive temperature on prior datasets (see the module comment); returns the calibrated network. */
export function calibrateTemperature(pfn: PFN, prior: GenerativeFunction, o: TemperatureOptions = {}): TemperatureResult {
  const c = pfn.config;
  if (c.kind !== "regression") throw new BorelError("bad-method", `calibrateTemperature: only regression PFNs have a bar-distribution predictive (this one is ${c.kind})`);
  const rows = o.rows ?? ((c.training?.rows as number | undefined) ?? 100), Q = o.queries ?? 10, D = o.datasets ?? 256;
  const lo = o.minContext ?? 1, hi = o.maxContext ?? rows - Q;
  if (!(Number.isInteger(D) && D >= 1 && Number.isInteger(Q) && Q >= 1 && Number.isInteger(lo) && lo >= 0 && Number.isInteger(hi) && hi >= lo && hi + Q <= rows))
    throw new BorelError("bad-option", `calibrateTemperature: need datasets ≥ 1, queries ≥ 1 and 0 ≤ minContext ≤ maxContext ≤ rows − queries (got ${D}, ${Q}, ${lo}, ${hi}, rows ${rows})`);
  const rng = new Rng(o.seed ?? 0, "pfn-temperature"), K = c.outputsWidth, borders = c.borders[0]!;
  const tau0 = c.temperature ?? 1;
  const logits: Float32Array[] = [], targets: number[] = [];
  for (let d = 0; d < D; d++) {
    const r = rng.split(d);
    const ds = simulateDataset(prior, rows, r, { inputs: c.inputs, outputs: c.outputs, args: o.args });
    const n = lo + Math.floor(r.double() * (hi - lo + 1)), xd = ds.xDim;
    const row = (i: number) => (xd === 1 ? ds.x[i]! : Array.from(ds.x.subarray(i * xd, (i + 1) * xd)));
    const ctx: Context = { x: Array.from({ length: n }, (_, i) => row(i)), y: Array.from(ds.y.subarray(0, n)) };
    const xq = Array.from({ length: Q }, (_, j) => row(n + j));
    const z = pfn.condition(ctx).logits(normalizeInputs(c, xq, "queries"), Q);
    for (let j = 0; j < Q; j++) { logits.push(z.slice(j * K, (j + 1) * K)); targets.push(ds.y[n + j]!); }
  }
  const nll = (tau: number): number => {
    let s = 0;
    const scaled = new Float64Array(K);
    for (let i = 0; i < logits.length; i++) {
      const z = logits[i]!;
      for (let k = 0; k < K; k++) scaled[k] = z[k]! / tau;
      s -= BarDistribution.fromLogits(borders, scaled).logpdf(targets[i]!);
    }
    return s / logits.length;
  };
  // Golden-section search on log τ.
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.25), b = Math.log(4), x1 = b - g * (b - a), x2 = a + g * (b - a), f1 = nll(Math.exp(x1)), f2 = nll(Math.exp(x2));
  for (let it = 0; it < 40; it++) {
    if (f1 < f2) { b = x2; x2 = x1; f2 = f1; x1 = b - g * (b - a); f1 = nll(Math.exp(x1)); }
    else { a = x1; x1 = x2; f1 = f2; x2 = a + g * (b - a); f2 = nll(Math.exp(x2)); }
  }
  const nllBefore = nll(tau0);
  let temperature = Math.exp((a + b) / 2), nllAfter = nll(temperature);
  // Never worse than before on the calibration data (a flat or odd NLL curve keeps the old temperature).
  if (!(nllAfter < nllBefore)) { temperature = tau0; nllAfter = nllBefore; }
  return { pfn: pfn.withTemperature(temperature), temperature, nllBefore, nllAfter };
}
