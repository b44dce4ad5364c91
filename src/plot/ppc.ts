/**
 * Posterior predictive checks: new datasets y_rep are simulated from the model at posterior draws and
 * compared with the observed data y. For continuous data (`mode: "density"`) the density of each y_rep is a
 * thin line and the density of y a thick one — y should look like one more draw. For discrete data
 * (`mode: "stat"`, chosen when every observation's distribution is discrete) a test statistic T (the mean) is computed
 * for every y_rep and histogrammed, with T(y) as a vertical rule; a T(y) far in a tail flags misfit.
 *
 * The replicated data come from `Posterior.predictive` on a resampled subset of the draws; the observed
 * values from a run of the model at one draw with the data constrained.
 *
 * @example
 * ```ts
 * ppcPlot(post, { draws: 40, seed: 1 });   // 40 thin density lines and the observed one
 * ```
 */
import * as Plot from "@observablehq/plot";
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import { drawChoices, posteriorPredictive } from "../posterior/predictive.js";
import { ChoiceMap } from "../trace/choicemap.js";
import { scalarColumns } from "../posterior/draws.js";
import type { DrawTable, PosteriorSource } from "../posterior/types.js";
import { bin, countOption, kde, resampleIndices, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

export interface PPCSpec {
  kind: "ppc";
  title: string;
  mode: "density" | "stat";
  observed: number[];
  /** One replicated dataset per row. */
  replicated: number[][];
}

export interface PPCOptions {
  /** Replicated datasets (default 50 for densities, 400 for the statistic). */
  draws?: number;
  mode?: "density" | "stat";
  seed?: number;
  title?: string;
  /** The model, its arguments and data, for a posterior that does not keep them (importance, SMC). */
  source?: PosteriorSource;
}

/** Flattens the values of a data point (number, boolean, vector) into `out`. */
function pushValues(out: number[], v: unknown): void {
  if (typeof v === "number") out.push(v);
  else if (typeof v === "boolean") out.push(v ? 1 : 0);
  else if (v instanceof Float64Array || Array.isArray(v)) for (const e of v) pushValues(out, e);
}

/** A view of the posterior restricted to the draws `idx` (unweighted: they were resampled by weight). */
function subset(post: PlotSource, idx: number[], source: PosteriorSource): DrawTable {
  const columns = new Map([...post.columns].map(([k, col]) => [k, idx.map((i) => col[i])]));
  let scalars: Map<string, Float64Array> | undefined;
  return {
    method: post.method, size: idx.length, chainLengths: [idx.length], columns, choiceKeys: post.choiceKeys, logWeights: null, traces: null,
    source, weights: () => new Float64Array(idx.length).fill(1 / idx.length),
    values: (k) => (scalars ??= scalarColumns(columns)).get(k) ?? new Float64Array(idx.length).fill(NaN),
    scalarKeys: () => [...(scalars ??= scalarColumns(columns)).keys()],
  };
}

/** The data of a posterior predictive check. */
export function ppcSpec(post: PlotSource, opts: PPCOptions = {}): PPCSpec {
  const src = opts.source ?? post.source;
  if (!src) throw new BorelError("no-model", `ppcPlot: this posterior (method '${post.method}') does not know its model`, { hint: "pass { source: { model, args, observations } }" });
  const rng = new Rng(opts.seed ?? 0);
  const observedRun = src.model.generate(src.args, new ChoiceMap([...drawChoices(post, 0).entries(), ...src.observations.entries()]), rng.split("observed"), { latent: drawChoices(post, 0) });
  const observed: number[] = [], keys: string[] = [];
  let discrete = true;
  for (const c of observedRun.trace.choices()) if (c.observed) { keys.push(c.key); pushValues(observed, c.value); discrete &&= c.dist.discrete; }
  if (keys.length === 0) throw new BorelError("no-data", "ppcPlot: the model observes nothing to check");
  const mode = opts.mode ?? (discrete ? "stat" : "density");
  const n = countOption("ppcPlot", "draws", opts.draws, mode === "stat" ? 400 : 50);
  const sub = subset(post, resampleIndices(post.weights(), Math.min(n, post.size)), src);
  const rep = posteriorPredictive(sub, { rng: rng.split("replicates") });
  const replicated = Array.from({ length: sub.size }, (_, i) => {
    const row: number[] = [];
    for (const k of keys) pushValues(row, rep.columns.get(k)?.[i]);
    return row;
  });
  return { kind: "ppc", title: opts.title ?? (mode === "stat" ? "Posterior predictive check: mean of y_rep vs mean of y" : "Posterior predictive check: densities of y_rep (thin) and y (thick)"), mode, observed, replicated };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** Renders a posterior predictive check. */
export function renderPPC(spec: PPCSpec, ctx: RenderContext = {}): string {
  const frame = { width: 560, height: 240, marginLeft: 50 };
  if (spec.mode === "stat") {
    const t = spec.replicated.map(mean), tObs = mean(spec.observed);
    const h = bin([...t, tObs], undefined, 30);
    const hRep = bin(t, undefined, 30, [h.edges[0], h.edges[h.edges.length - 1]]);
    const bars = hRep.density.map((d, b) => ({ lo: hRep.edges[b], hi: hRep.edges[b + 1], d }));
    return composeFigure([renderPanel({
      ...frame, x: { label: "T = mean" }, y: { label: "density", grid: true },
      marks: [Plot.rectY(bars, { x1: "lo", x2: "hi", y: "d", fill: "#4269d0", fillOpacity: 0.5 }), Plot.ruleX([tObs], { stroke: "#111", strokeWidth: 2.5 }), Plot.ruleY([0])],
    }, { label: `T(y) = ${tObs.toPrecision(4)}; P(T(y_rep) ≥ T(y)) = ${(t.filter((x) => x >= tObs).length / t.length).toFixed(2)}`, ...ctx })], { title: spec.title });
  }
  const lines = spec.replicated.flatMap((row, r) => { const d = kde(row, undefined, 96); return d.x.map((x, j) => ({ x, y: d.y[j], r })); });
  const obs = kde(spec.observed, undefined, 96);
  return composeFigure([renderPanel({
    ...frame, x: { label: "y" }, y: { label: "density", grid: true },
    marks: [
      Plot.line(lines, { x: "x", y: "y", z: "r", stroke: "#7fa7e8", strokeWidth: 0.7, strokeOpacity: 0.6 }),
      Plot.line(obs.x.map((x, j) => ({ x, y: obs.y[j] })), { x: "x", y: "y", stroke: "#111", strokeWidth: 2.5 }),
    ],
  }, { label: `${spec.observed.length} observations, ${spec.replicated.length} replicated datasets`, ...ctx })], { title: spec.title });
}

/** A posterior predictive check of a posterior (computed in this process) as an SVG string. */
export function ppcPlot(post: PlotSource, opts: PPCOptions & RenderContext = {}): string {
  return renderPPC(ppcSpec(post, opts), opts);
}
