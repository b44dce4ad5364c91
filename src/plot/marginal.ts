/**
 * Marginal posteriors: for a continuous parameter a weighted histogram (density scale) with a weighted
 * kernel density line and the posterior mean as a vertical rule; for a discrete one (booleans, or at most
 * `maxLevels` distinct integers) a bar per value with its posterior probability; a continuous key whose draws
 * are all one value (a MAP estimate, a constant) as that value, marked and labelled — a histogram of one value
 * would show a spike of arbitrary height. Weights are the posterior's (importance sampling, SMC), so the plot
 * shows the posterior rather than the proposal.
 *
 * @example
 * ```ts
 * marginalPlot(post, { keys: ["p"], bins: 30 });   // 30 bars, 1 density line, 1 rule
 * ```
 */
import * as Plot from "@observablehq/plot";
import { bin, countOption, kde, plotKeys, type KeysOption, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

export type MarginalPanel =
  | { key: string; type: "continuous"; edges: number[]; density: number[]; kde: { x: number[]; y: number[] }; mean: number }
  | { key: string; type: "discrete"; values: number[]; probabilities: number[] }
  | { key: string; type: "point"; value: number };

export interface MarginalSpec {
  kind: "marginal";
  title: string;
  panels: MarginalPanel[];
}

export interface MarginalOptions extends KeysOption {
  /** Histogram bins (default 30). */
  bins?: number;
  /** A key with at most this many distinct integer values is drawn as bars (default 12). */
  maxLevels?: number;
  /** Draw the density line (default true). */
  density?: boolean;
}

/** The distinct values of `v` with their normalized weights, when all are integers and at most `max` distinct. */
function levels(v: Float64Array, w: Float64Array, max: number): { values: number[]; probabilities: number[] } | null {
  const acc = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) continue;
    if (!Number.isInteger(v[i])) return null;
    acc.set(v[i], (acc.get(v[i]) ?? 0) + w[i]);
    total += w[i];
    if (acc.size > max) return null;
  }
  const values = [...acc.keys()].sort((a, b) => a - b);
  return { values, probabilities: values.map((x) => acc.get(x)! / (total || 1)) };
}

/** The data of a marginal plot. */
export function marginalSpec(post: PlotSource, opts: MarginalOptions = {}): MarginalSpec {
  const w = post.weights();
  const bins = countOption("marginalPlot", "bins", opts.bins, 30), maxLevels = countOption("marginalPlot", "maxLevels", opts.maxLevels, 12, 0);
  const panels = plotKeys(post, opts).map((key): MarginalPanel => {
    const v = post.values(key);
    const discrete = levels(v, w, maxLevels);
    if (discrete) return { key, type: "discrete", ...discrete };
    const point = onlyValue(v);
    if (point !== undefined) return { key, type: "point", value: point };
    const h = bin(v, w, bins);
    let mean = 0, sw = 0;
    v.forEach((x, i) => { if (Number.isFinite(x)) { mean += w[i] * x; sw += w[i]; } });
    return { key, type: "continuous", ...h, kde: opts.density === false ? { x: [], y: [] } : kde(v, w), mean: mean / sw };
  });
  const draws = `${post.size} draw${post.size === 1 ? "" : "s"}`;
  const what = panels.length > 0 && panels.every((p) => p.type === "point") ? "Point estimates" : "Marginal posteriors";
  return { kind: "marginal", title: opts.title ?? `${what} (${post.method}, ${draws}${post.logWeights !== null ? ", weighted" : ""})`, panels };
}

/** The value every finite draw has, when there is one (undefined for no finite draw or two distinct values). */
function onlyValue(v: Float64Array): number | undefined {
  let only: number | undefined;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) continue;
    if (only === undefined) only = v[i];
    else if (v[i] !== only) return undefined;
  }
  return only;
}

/** Renders a marginal spec: a grid of histograms (continuous) and bar charts (discrete). */
export function renderMarginal(spec: MarginalSpec, ctx: RenderContext = {}): string {
  const panels = spec.panels.map((p) => {
    const base = { width: 320, height: 180, marginLeft: 46 };
    if (p.type === "discrete") {
      const rows = p.values.map((value, i) => ({ value: String(value), probability: p.probabilities[i] }));
      return renderPanel({
        ...base, x: { label: null, domain: rows.map((r) => r.value) }, y: { label: "probability", grid: true },
        marks: [Plot.barY(rows, { x: "value", y: "probability", fill: "#4269d0" }), Plot.ruleY([0])],
      }, { label: p.key, ...ctx });
    }
    if (p.type === "point") {
      const at = [{ x: p.value, label: `${p.key} = ${Number(p.value.toPrecision(4))}` }];
      const pad = Math.max(1, Math.abs(p.value)) * 0.5;
      return renderPanel({
        ...base, x: { label: null, domain: [p.value - pad, p.value + pad] }, y: { axis: null, domain: [0, 1] },
        marks: [
          Plot.ruleX([p.value], { stroke: "#d03c3c", strokeDasharray: "4,2" }),
          Plot.dot(at, { x: "x", y: () => 0.5, r: 4, fill: "#d03c3c" }),
          Plot.text(at, { x: "x", y: () => 0.5, text: "label", textAnchor: "start", dx: 8, dy: -10, stroke: "white", fill: "black" }),
        ],
      }, { label: p.key, ...ctx });
    }
    const bars = p.density.map((d, b) => ({ lo: p.edges[b], hi: p.edges[b + 1], d }));
    const line = p.kde.x.map((x, j) => ({ x, y: p.kde.y[j] }));
    return renderPanel({
      ...base, x: { label: null }, y: { label: "density", grid: true },
      marks: [
        Plot.rectY(bars, { x1: "lo", x2: "hi", y: "d", fill: "#4269d0", fillOpacity: 0.45, inset: 0 }),
        ...(line.length ? [Plot.line(line, { x: "x", y: "y", stroke: "#1c3a8a", strokeWidth: 1.5 })] : []),
        Plot.ruleX([p.mean], { stroke: "#d03c3c", strokeDasharray: "4,2" }),
        Plot.ruleY([0]),
      ],
    }, { label: p.key, ...ctx });
  });
  return composeFigure(panels, { title: spec.title, columns: 2 });
}

/** Marginal histograms and densities of a posterior as an SVG string. */
export function marginalPlot(post: PlotSource, opts: MarginalOptions & RenderContext = {}): string {
  return renderMarginal(marginalSpec(post, opts), opts);
}
