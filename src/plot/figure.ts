/**
 * Figures as data: every plot is a plain, cloneable spec (`FigureSpec`, made from a posterior by the
 * `...Spec` functions) and a renderer from spec to SVG. A Web Worker computes specs next to the posterior and
 * posts them; the page renders them on its real document. `figuresFor` picks the figures that suit a
 * posterior: marginals always; trace and rank plots for several chains; pairs for 2+ parameters; the energy
 * plot for NUTS/HMC; SMC diagnostics; the ELBO curve for VI.
 *
 * @example
 * ```ts
 * for (const spec of figuresFor(post)) writeFileSync(`${spec.kind}.svg`, renderFigure(spec));
 * ```
 */
import { bandPlot, type BandSpec } from "./band.js";
import type { PlotSource } from "./draws.js";
import { energySpec, renderEnergy, type EnergySpec } from "./energy.js";
import { lossSpec, renderLoss, type LossSpec } from "./loss.js";
import { marginalSpec, renderMarginal, type MarginalSpec } from "./marginal.js";
import { pairSpec, renderPair, type PairSpec } from "./pair.js";
import { renderPPC, type PPCSpec } from "./ppc.js";
import { rankSpec, renderRank, type RankSpec } from "./rank.js";
import { renderSMC, smcSpec, type SMCSpec } from "./smc.js";
import type { RenderContext } from "./svg.js";
import { renderTrace, traceSpec, type TraceSpec } from "./trace.js";

export type FigureSpec = TraceSpec | RankSpec | MarginalSpec | PairSpec | PPCSpec | SMCSpec | LossSpec | EnergySpec | BandSpec;
export type FigureKind = FigureSpec["kind"];

/** Renders any figure spec to an SVG string. */
export function renderFigure(spec: FigureSpec, ctx: RenderContext = {}): string {
  switch (spec.kind) {
    case "trace": return renderTrace(spec, ctx);
    case "rank": return renderRank(spec, ctx);
    case "marginal": return renderMarginal(spec, ctx);
    case "pair": return renderPair(spec, ctx);
    case "ppc": return renderPPC(spec, ctx);
    case "smc": return renderSMC(spec, ctx);
    case "loss": return renderLoss(spec, ctx);
    case "energy": return renderEnergy(spec, ctx);
    case "band": return bandPlot(spec, ctx);
  }
}

export interface FiguresOptions {
  /** Keys of the marginal, trace, rank and pair plots (default: the first latent ones). */
  keys?: readonly string[];
}

/** The figures that suit a posterior, as specs (see the module doc). */
export function figuresFor(post: PlotSource, opts: FiguresOptions = {}): FigureSpec[] {
  const out: FigureSpec[] = [];
  const keys = opts.keys, d = post.diagnostics;
  const numeric = post.scalarKeys().filter((k) => k !== "return");
  if (numeric.length === 0) return out;
  out.push(marginalSpec(post, { keys }));
  const mcmc = post.chainLengths.length > 1 || post.sampleStats.has("accepted") || post.sampleStats.has("accept_stat");
  if (mcmc && post.logWeights === null) {
    out.push(traceSpec(post, { keys }));
    if (post.chainLengths.length > 1) out.push(rankSpec(post, { keys }));
  }
  const latent = numeric.filter((k) => post.choiceKeys.has(k.replace(/\[\d+\]$/, "")));
  if ((keys ?? latent).length >= 2 && post.size > 1) out.push(pairSpec(post, { keys: keys ?? latent.slice(0, 4) }));
  if (post.sampleStats.has("energy")) out.push(energySpec(post));
  if (Array.isArray(d.essHistory) && Array.isArray(d.logZIncrements)) out.push(smcSpec(post));
  if (d.elbo !== undefined) out.push(lossSpec(post));
  return out;
}
