/**
 * Pair plots: for k parameters a k×k grid with each marginal histogram on the diagonal and the scatter of
 * each pair below it (the upper triangle is left empty). Weighted draws are first turned into `maxPoints`
 * unweighted ones by deterministic systematic resampling; draws whose transition diverged (NUTS/HMC stat
 * `divergent`) are drawn in red — divergences clustering in one corner (a funnel's neck) locate the geometry
 * the sampler cannot follow.
 *
 * @example
 * ```ts
 * pairPlot(post, { keys: ["mu", "tau"], maxPoints: 400 });   // 2 histograms, 1 scatter of 400 dots
 * ```
 */
import * as Plot from "@observablehq/plot";
import { BorelError } from "../util/errors.js";
import { bin, countOption, plotKeys, resampleIndices, type KeysOption, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext, type SvgPanel } from "./svg.js";

export interface PairSpec {
  kind: "pair";
  title: string;
  keys: string[];
  /** `columns[k][i]`: value of key k at point i. */
  columns: number[][];
  /** Which points come from divergent transitions (absent when the sampler records none). */
  divergent?: boolean[];
  bins: number;
}

export interface PairOptions extends KeysOption {
  /** Points in each scatter (default 500). */
  maxPoints?: number;
  /** Histogram bins on the diagonal (default 20). */
  bins?: number;
}

/** The data of a pair plot (default: the first 4 keys). */
export function pairSpec(post: PlotSource, opts: PairOptions = {}): PairSpec {
  const keys = plotKeys(post, { maxKeys: 4, ...opts });
  if (keys.length < 2) throw new BorelError("bad-option", "pairPlot needs at least two keys", { hint: `keys: ${post.scalarKeys().slice(0, 8).join(", ")}` });
  // Weighted draws (importance sampling, SMC, enumeration) are resampled to maxPoints points even when there are
  // fewer draws: 4 enumerated atoms as 4 points would show each with the same mass.
  const weighted = post.logWeights !== null;
  const maxPoints = countOption("pairPlot", "maxPoints", opts.maxPoints, 500);
  const max = weighted ? maxPoints : Math.min(maxPoints, post.size);
  const idx = resampleIndices(post.weights(), max);
  const div = post.sampleStats.get("divergent");
  // Every divergent draw is shown (up to maxPoints of them): a subsample of 500 from 4000 draws would show
  // only one in eight, and where they cluster is what the plot is for.
  let nDiv = 0;
  if (div) {
    const shown = new Set(idx);
    for (let i = 0; i < div.length && nDiv < max; i++) if (div[i]! > 0) { nDiv++; if (!shown.has(i)) idx.push(i); }
  }
  return {
    kind: "pair",
    title: opts.title ?? `Pairs (${weighted ? `${idx.length} points resampled from ${post.size} weighted draws` : `${idx.length < post.size ? `${idx.length} of ${post.size}` : idx.length} draws`}${div ? `, ${nDiv > 0 ? `all ${nDiv} divergent transitions` : "divergent transitions"} in red` : ""})`,
    keys,
    columns: keys.map((k) => { const v = post.values(k); return idx.map((i) => v[i]); }),
    divergent: div ? idx.map((i) => div[i] > 0) : undefined,
    bins: countOption("pairPlot", "bins", opts.bins, 20),
  };
}

/** Renders a pair spec as a k×k grid. */
export function renderPair(spec: PairSpec, ctx: RenderContext = {}): string {
  const k = spec.keys.length, size = k > 3 ? 170 : 210;
  const cells: (SvgPanel | null)[] = [];
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      if (c > r) { cells.push(null); continue; }
      const frame = { width: size, height: size, marginLeft: 42, marginBottom: 30 };
      if (r === c) {
        const h = bin(spec.columns[r], undefined, spec.bins);
        const bars = h.density.map((d, b) => ({ lo: h.edges[b], hi: h.edges[b + 1], d }));
        cells.push(renderPanel({
          ...frame, x: { label: spec.keys[c] }, y: { label: null, ticks: 3 },
          marks: [Plot.rectY(bars, { x1: "lo", x2: "hi", y: "d", fill: "#4269d0", fillOpacity: 0.6 }), Plot.ruleY([0])],
        }, { label: spec.keys[r], ...ctx }));
        continue;
      }
      const pts = spec.columns[c].map((x, i) => ({ x, y: spec.columns[r][i], divergent: spec.divergent?.[i] ?? false }))
        .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      pts.sort((a, b) => Number(a.divergent) - Number(b.divergent)); // divergent points on top
      cells.push(renderPanel({
        ...frame, x: { label: spec.keys[c] }, y: { label: spec.keys[r] },
        marks: [Plot.dot(pts, { x: "x", y: "y", r: 1.6, fill: (p: { divergent: boolean }) => (p.divergent ? "#d62728" : "#4269d0"), fillOpacity: 0.55 })],
      }, ctx));
    }
  }
  return composeFigure(cells, { title: spec.title, columns: k });
}

/** A pair plot of a posterior as an SVG string. */
export function pairPlot(post: PlotSource, opts: PairOptions & RenderContext = {}): string {
  return renderPair(pairSpec(post, opts), opts);
}
