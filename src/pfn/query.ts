/**
 * The `pfn` inference method of Borel queries:
 *
 *   query m(n) given {x: xs, y: ys} using pfn("gp.pfn", at: xq)
 *
 * returns the PFN's posterior predictive of the output at each input of `at`, as a `Posterior` whose draws
 * at `y/0, y/1, …` (the query rows, named by the PFN's output) are `samples` draws from each bar distribution
 * (so `mean`, `quantile`, `summary` work as for any method), and whose `diagnostics.predictive` holds the bar
 * distributions themselves with their exact mean, sd and quantiles. The observations must be exactly the rows
 * (x/i, y/i); the model is only checked against the network's recorded prior name. `pfn_importance(file)`
 * runs importance sampling with a latent-kind PFN as the proposal (log Ẑ unbiased).
 *
 * @example
 * ```ts
 * const post = pfnPredictive(loadPFN("gp.pfn"), ChoiceMap.from({ x: xs, y: ys }), [0.5, 0.7], { samples: 1000, seed: 0 });
 * post.mean("y/0");
 * ```
 */
import { statSync } from "node:fs";
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { importance } from "../infer/importance.js";
import type { BarDistribution } from "./bar-distribution.js";
import { ClassPrediction } from "./class-prediction.js";
import { contextFromChoices } from "./context-from-choices.js";
import type { InputRow } from "./inputs.js";
import { loadPFN, type PFN } from "./pfn.js";
import { extrapolationWarnings } from "./extrapolation.js";
import { pfnProposal } from "./proposal.js";
import type { PFNWeightFormat } from "./quantize.js";

const cache = new Map<string, { mtime: number; pfn: PFN }>();

/** Loads a weights file once per (path, format, modification time). */
export function cachedPFN(file: string, format?: PFNWeightFormat): PFN {
  const key = `${file}\u0000${format ?? ""}`, mtime = statSafe(file);
  const hit = cache.get(key);
  if (hit && hit.mtime === mtime) return hit.pfn;
  const pfn = loadPFN(file, format ? { format } : {});
  cache.set(key, { mtime, pfn });
  return pfn;
}
function statSafe(file: string): number { try { return statSync(file).mtimeMs; } catch { return -1; } }

/** The query inputs from an `at:` value (a number, an array of numbers, or of feature rows). */
export function queryInputs(at: unknown): InputRow[] {
  const finite = (v: number, where: string) => {
    if (!Number.isFinite(v)) throw new BorelError("bad-option", `pfn: ${where} is ${v}, not a finite number`, { hint: "query inputs must be finite numbers" });
    return v;
  };
  if (typeof at === "number") return [finite(at, "at")];
  if ((Array.isArray(at) || at instanceof Float64Array) && at.length === 0)
    throw new BorelError("bad-option", "pfn: 'at' is empty: there is no input to predict at", { hint: "e.g. using pfn(\"gp.pfn\", at: [0.25, 0.5])" });
  if (Array.isArray(at) || at instanceof Float64Array) return Array.from(at as ArrayLike<unknown>, (v, i) => {
    if (typeof v === "number") return finite(v, `at[${i}]`);
    if (Array.isArray(v) || v instanceof Float64Array) { Array.from(v as ArrayLike<number>, (e, j) => finite(e, `at[${i}][${j}]`)); return v as ArrayLike<number>; }
    throw new BorelError("bad-option", `pfn: at[${i}] must be a number or a row of numbers`);
  });
  throw new BorelError("bad-option", "pfn: 'at' must be a number or an array of query inputs", { hint: "e.g. using pfn(\"gp.pfn\", at: [0.25, 0.5])" });
}

/** The observations as the PFN's context; any observed address other than the rows is an error. */
export function observedContext(pfn: PFN, observations: ChoiceMap) {
  const c = pfn.config, ctx = contextFromChoices(observations, c.inputs, c.outputs);
  for (const k of observations.keys())
    if (!k.startsWith(`${c.inputs}/`) && !k.startsWith(`${c.outputs}/`) && k !== c.inputs && k !== c.outputs)
      throw new BorelError("bad-query", `pfn: the observation '${k}' is not a row of the PFN's data (${c.inputs}/i, ${c.outputs}/i)`, {
        address: k, hint: `a PFN conditions on ${c.inputs} and ${c.outputs} only: given {${c.inputs}: ..., ${c.outputs}: ...}`,
      });
  return ctx;
}

export interface PfnPredictiveOptions { samples?: number; seed?: number }

/** Posterior predictive draws and distributions at the query inputs (see the module comment). */
export function pfnPredictive(pfn: PFN, observations: ChoiceMap, at: unknown, o: PfnPredictiveOptions = {}): Posterior {
  if (pfn.kind === "latent") throw new BorelError("bad-query", "pfn: this network predicts latent choices; use pfn_importance(file)");
  const xq = queryInputs(at), context = observedContext(pfn, observations), preds = pfn.predict(context, xq);
  const S = o.samples ?? 1000, rng = new Rng(o.seed ?? 0, "pfn-predictive"), columns = new Map<string, unknown[]>();
  preds.forEach((d, j) => {
    const r = rng.split(j);
    columns.set(`${pfn.config.outputs}/${j}`, Array.from({ length: S }, () => d instanceof ClassPrediction ? d.classes[sampleIndex(d.probs, r.double())] : d.sample(r)));
  });
  const predictive = preds.map((d, j) => d instanceof ClassPrediction
    ? { at: xq[j], probs: Object.fromEntries(d.classes.map((k, i) => [k, d.probs[i]])) }
    : { at: xq[j], mean: d.mean(), sd: Math.sqrt(d.variance()), q05: d.quantile(0.05), q50: d.quantile(0.5), q95: d.quantile(0.95) });
  return new Posterior({
    method: "pfn", draws: [{ length: S, columns, choiceKeys: new Set(columns.keys()) }],
    diagnostics: { pfn: pfn.config.model ?? "pfn", format: pfn.format, predictive, distributions: preds as (BarDistribution | ClassPrediction)[], warnings: extrapolationWarnings(pfn.config, context, xq) },
  });
}

function sampleIndex(p: ArrayLike<number>, u: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) { s += p[i]; if (u < s) return i; }
  return p.length - 1;
}

/** Importance sampling of `model` with a latent-kind PFN's proposal. */
export function pfnImportance(model: GenerativeFunction, args: unknown[], pfn: PFN, observations: ChoiceMap, o: { particles?: number; seed?: number; temperature?: number } = {}): Posterior {
  const q = pfnProposal(pfn, observedContext(pfn, observations), { temperature: o.temperature });
  return importance(model, args, observations, { particles: o.particles ?? 1000, seed: o.seed, proposal: q });
}
