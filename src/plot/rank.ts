/**
 * Rank plots (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021): the draws of all chains are ranked
 * together, and each chain's ranks are binned. If the chains sample the same distribution every chain's
 * histogram is flat at n_chain / bins (the dashed line); a chain that sits high, low or sticks shows as a
 * sloped or spiky histogram. One panel per parameter, one row of bars per chain.
 *
 * @example
 * ```ts
 * rankPlot(post, { keys: ["tau"], bins: 20 });   // 20 bars per chain
 * ```
 */
import * as Plot from "@observablehq/plot";
import { countOption, plotKeys, type KeysOption, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";
import { chainName } from "./trace.js";

export interface RankSpec {
  kind: "rank";
  title: string;
  bins: number;
  /** Bar heights per panel: `counts[chain][bin]`. */
  panels: { key: string; counts: number[][] }[];
}

export interface RankOptions extends KeysOption {
  /** Bins per chain (default 20). */
  bins?: number;
}

/** Average ranks (1-based, ties share the mean rank) of finite values; NaN stays NaN. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: values.length }, (_, i) => i).filter((i) => Number.isFinite(values[i]));
  idx.sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length).fill(NaN);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]] === values[idx[i]]) j++;
    for (let k = i; k <= j; k++) out[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** The data of a rank plot. */
export function rankSpec(post: PlotSource, opts: RankOptions = {}): RankSpec {
  const bins = countOption("rankPlot", "bins", opts.bins, 20);
  const panels = plotKeys(post, opts).map((key) => {
    const r = ranks(post.values(key));
    const total = r.reduce((n, x) => n + (Number.isNaN(x) ? 0 : 1), 0);
    const counts: number[][] = [];
    let off = 0;
    for (const len of post.chainLengths) {
      const c = new Array<number>(bins).fill(0);
      for (let i = off; i < off + len; i++) if (!Number.isNaN(r[i])) c[Math.min(bins - 1, Math.floor(((r[i] - 1) / total) * bins))]++;
      counts.push(c);
      off += len;
    }
    return { key, counts };
  });
  return { kind: "rank", title: opts.title ?? `Rank plots (${post.chainLengths.length} chains, ${bins} bins)`, bins, panels };
}

/** Renders a rank spec: per parameter, a row of bars per chain and the uniform level. */
export function renderRank(spec: RankSpec, ctx: RenderContext = {}): string {
  const panels = spec.panels.map((p) => {
    const rows = p.counts.flatMap((c, ci) => c.map((count, b) => ({ chain: chainName(ci), lo: b / spec.bins, hi: (b + 1) / spec.bins, count })));
    const expected = p.counts.map((c, ci) => ({ chain: chainName(ci), level: c.reduce((a, b) => a + b, 0) / spec.bins }));
    return renderPanel({
      width: 320, height: 40 + 48 * p.counts.length, marginLeft: 40, marginRight: 58,
      x: { label: "rank (fraction of all draws)", domain: [0, 1] }, y: { label: null, ticks: 2 }, fy: { label: null },
      color: { type: "ordinal", scheme: "observable10", domain: p.counts.map((_, ci) => chainName(ci)) },
      marks: [
        Plot.rectY(rows, { x1: "lo", x2: "hi", y: "count", fy: "chain", fill: "chain", inset: 0.5 }),
        Plot.ruleY(expected, { y: "level", fy: "chain", stroke: "#333", strokeDasharray: "3,3" }),
      ],
    }, { label: p.key, ...ctx });
  });
  return composeFigure(panels, { title: spec.title, columns: 2 });
}

/** Rank plots of a posterior's chains as an SVG string. */
export function rankPlot(post: PlotSource, opts: RankOptions & RenderContext = {}): string {
  return renderRank(rankSpec(post, opts), opts);
}
