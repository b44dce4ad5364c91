/**
 * Predictive bands: at each input x of a grid, the central 90% and 50% intervals and the median of a
 * predictive distribution, with the observed points on top. Made for a PFN's one-pass posterior predictive
 * (`pfn.condition(context).predict(xs)` gives a distribution with `quantile` per input), but any predictive
 * with quantiles plots the same way (a GP's, a regression's posterior predictive).
 *
 * @example
 * ```ts
 * const cond = pfn.condition({ x: xs, y: ys });
 * bandPlot(bandSpec((grid) => cond.predict(grid), linspace(0, 1, 60), { x: xs, y: ys }));
 * ```
 */
import * as Plot from "@observablehq/plot";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

/** A predictive distribution at one input. */
export interface Quantiles {
  quantile(q: number): number;
}

export interface BandSpec {
  kind: "band";
  title: string;
  x: number[];
  q05: number[];
  q25: number[];
  q50: number[];
  q75: number[];
  q95: number[];
  points: { x: number[]; y: number[] };
  /** An optional reference curve (the true function of a simulation). */
  truth?: { x: number[]; y: number[] };
}

/** `n` evenly spaced numbers from `a` to `b`. */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/** The data of a band plot from a predictive (called once with the whole grid). */
export function bandSpec(predict: (xs: number[]) => readonly Quantiles[], grid: readonly number[], points: { x: ArrayLike<number>; y: ArrayLike<number> }, opts: { title?: string; truth?: { x: number[]; y: number[] } } = {}): BandSpec {
  const d = predict([...grid]);
  const q = (p: number) => d.map((di) => di.quantile(p));
  return {
    kind: "band", title: opts.title ?? `Predictive: median, 50% and 90% intervals (${points.x.length} observed points)`,
    x: [...grid], q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95),
    points: { x: Array.from(points.x), y: Array.from(points.y) }, truth: opts.truth,
  };
}

/** Renders a band spec: two areas, the median line, the points (and the reference curve, dashed). */
export function renderBand(spec: BandSpec, ctx: RenderContext = {}): string {
  const rows = spec.x.map((x, i) => ({ x, q05: spec.q05[i], q25: spec.q25[i], q50: spec.q50[i], q75: spec.q75[i], q95: spec.q95[i] }));
  const pts = spec.points.x.map((x, i) => ({ x, y: spec.points.y[i] }));
  return composeFigure([renderPanel({
    width: 600, height: 300, marginLeft: 50,
    x: { label: "x" }, y: { label: "y", grid: true },
    marks: [
      Plot.areaY(rows, { x: "x", y1: "q05", y2: "q95", fill: "#4269d0", fillOpacity: 0.18 }),
      Plot.areaY(rows, { x: "x", y1: "q25", y2: "q75", fill: "#4269d0", fillOpacity: 0.3 }),
      Plot.line(rows, { x: "x", y: "q50", stroke: "#1c3a8a", strokeWidth: 2 }),
      ...(spec.truth ? [Plot.line(spec.truth.x.map((x, i) => ({ x, y: spec.truth!.y[i] })), { x: "x", y: "y", stroke: "#444", strokeDasharray: "5,4" })] : []),
      Plot.dot(pts, { x: "x", y: "y", r: 3, fill: "#d03c3c", stroke: "white" }),
    ],
  }, { label: "band: 90% (light) and 50% (dark) central intervals; line: median; dots: observed", ...ctx })], { title: spec.title });
}

/** A predictive band plot as an SVG string. */
export function bandPlot(spec: BandSpec, ctx: RenderContext = {}): string {
  return renderBand(spec, ctx);
}
