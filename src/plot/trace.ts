/**
 * Trace plots: the draws of each chain against the iteration, one panel per parameter, one line per chain
 * (colored by chain). Well-mixed chains look like overlapping "hairy caterpillars"; a chain stuck apart from
 * the others shows as a band of its own. Long chains are thinned evenly to `maxPoints` per chain.
 *
 * @example
 * ```ts
 * const svg = tracePlot(post, { keys: ["mu", "tau"] });   // 2 panels, post.chainLengths.length lines each
 * ```
 */
import * as Plot from "@observablehq/plot";
import { countOption, plotKeys, thinIndices, type KeysOption, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

export interface TraceSpec {
  kind: "trace";
  title: string;
  panels: { key: string; chains: { iteration: number[]; value: number[] }[] }[];
}

export interface TraceOptions extends KeysOption {
  /** Points per chain at most (default 1000). */
  maxPoints?: number;
}

/** The data of a trace plot. */
export function traceSpec(post: PlotSource, opts: TraceOptions = {}): TraceSpec {
  const keys = plotKeys(post, opts);
  // A line needs two points.
  const maxPoints = countOption("tracePlot", "maxPoints", opts.maxPoints, 1000, 2);
  return {
    kind: "trace",
    title: opts.title ?? `Trace plots (${post.method}, ${post.chainLengths.length} chain${post.chainLengths.length === 1 ? "" : "s"})`,
    panels: keys.map((key) => ({
      key,
      chains: post.chains(key).map((c) => {
        const idx = thinIndices(c.length, maxPoints);
        return { iteration: idx, value: idx.map((i) => c[i]) };
      }),
    })),
  };
}

/** Chain names as the color channel shows them. */
export const chainName = (c: number): string => `chain ${c + 1}`;

/** Renders a trace spec: a column of panels, one line per chain. */
export function renderTrace(spec: TraceSpec, ctx: RenderContext = {}): string {
  const panels = spec.panels.map((p) => {
    const rows = p.chains.flatMap((c, ci) => c.iteration.map((it, j) => ({ iteration: it, value: c.value[j], chain: chainName(ci) })));
    return renderPanel({
      width: 640, height: 130, marginLeft: 50,
      x: { label: "iteration" }, y: { label: null, nice: true },
      color: { type: "ordinal", scheme: "observable10", domain: p.chains.map((_, ci) => chainName(ci)) },
      marks: [Plot.line(rows.filter((r) => Number.isFinite(r.value)), { x: "iteration", y: "value", stroke: "chain", strokeWidth: 0.8, strokeOpacity: 0.85 })],
    }, { label: p.key, ...ctx });
  });
  return composeFigure(panels, { title: spec.title });
}

/** Trace plots of a posterior as an SVG string. */
export function tracePlot(post: PlotSource, opts: TraceOptions & RenderContext = {}): string {
  return renderTrace(traceSpec(post, opts), opts);
}
