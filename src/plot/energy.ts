/**
 * The energy plot of Hamiltonian samplers (Betancourt 2016): the histogram of the Hamiltonian's energy at
 * each draw, centered, over the histogram of its change between consecutive draws. When the transitions'
 * histogram is much narrower than the marginal one, momentum resampling cannot move the chain across the
 * energy levels in a few steps (E-BFMI below 0.3: heavy tails, funnels); matching widths are healthy.
 *
 * @example
 * ```ts
 * energyPlot(nutsPosterior);   // 2 histograms of `bins` bars each
 * ```
 */
import * as Plot from "@observablehq/plot";
import { BorelError } from "../util/errors.js";
import { bin, countOption, extent, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

export interface EnergySpec {
  kind: "energy";
  title: string;
  /** Centered energies (E − mean of its chain) and transitions (E_t − E_{t−1}), chains pooled. */
  marginal: number[];
  transition: number[];
  bins: number;
}

/** The data of an energy plot (the posterior must carry the `energy` stat of NUTS/HMC). */
export function energySpec(post: PlotSource, opts: { bins?: number; title?: string } = {}): EnergySpec {
  const e = post.sampleStats.get("energy");
  if (!e) throw new BorelError("bad-option", `energyPlot: the posterior (method '${post.method}') has no 'energy' stat`, { hint: "energy is recorded by nuts, hmc and mala" });
  const marginal: number[] = [], transition: number[] = [];
  let off = 0;
  for (const len of post.chainLengths) {
    const c = e.subarray(off, off + len);
    off += len;
    const m = c.reduce((a, b) => a + b, 0) / (len || 1);
    c.forEach((x, i) => { marginal.push(x - m); if (i > 0) transition.push(x - c[i - 1]); });
  }
  let num = 0, den = 0;
  transition.forEach((d) => { num += d * d; });
  marginal.forEach((d) => { den += d * d; });
  return { kind: "energy", title: opts.title ?? `Energy: E-BFMI ≈ ${(num / Math.max(den, 1e-300)).toFixed(2)} (below 0.3 is a warning)`, marginal, transition, bins: countOption("energyPlot", "bins", opts.bins, 30) };
}

/** Renders an energy spec: two overlaid histograms on a common range. */
export function renderEnergy(spec: EnergySpec, ctx: RenderContext = {}): string {
  const [lo1, hi1] = extent(spec.marginal), [lo2, hi2] = extent(spec.transition);
  const range: [number, number] = [Math.min(lo1, lo2), Math.max(hi1, hi2)];
  const rows = (v: number[], series: string) => { const h = bin(v, undefined, spec.bins, range); return h.density.map((d, b) => ({ lo: h.edges[b], hi: h.edges[b + 1], d, series })); };
  const series = ["E − mean(E)", "ΔE between draws"];
  return composeFigure([renderPanel({
    width: 560, height: 240, marginLeft: 50,
    x: { label: "energy" }, y: { label: "density", grid: true },
    color: { type: "ordinal", domain: series, range: ["#4269d0", "#ff725c"] },
    marks: [Plot.rect([...rows(spec.marginal, series[0]), ...rows(spec.transition, series[1])], { x1: "lo", x2: "hi", y1: 0, y2: "d", fill: "series", fillOpacity: 0.5, mixBlendMode: "multiply" }), Plot.ruleY([0])],
  }, { label: "blue: marginal energy, red: energy transitions", ...ctx })], { title: spec.title });
}

/** The energy plot of a NUTS/HMC posterior as an SVG string. */
export function energyPlot(post: PlotSource, opts: { bins?: number; title?: string } & RenderContext = {}): string {
  return renderEnergy(energySpec(post, opts), opts);
}
