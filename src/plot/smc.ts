/**
 * SMC diagnostics: the effective sample size after each step's reweighting (a line, with a dot where the
 * particles were resampled before the step and the resampling threshold as a dashed rule), and the log Ẑ
 * increments per step (bars; they sum to log Ẑ). A step whose ESS collapses to a few particles, or whose
 * increment is far below the others, is an observation the particles did not anticipate.
 *
 * @example
 * ```ts
 * const post = smc(model, args, obs, { particles: 500, seed: 1 });
 * smcPlot(post);   // one ESS line, one bar per step
 * ```
 */
import * as Plot from "@observablehq/plot";
import { BorelError } from "../util/errors.js";
import type { PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

export interface SMCSpec {
  kind: "smc";
  title: string;
  particles: number;
  /** Resampling threshold as a number of particles (null: "always"/"never"). */
  threshold: number | null;
  ess: number[];
  resampled: number[];
  logZIncrements: number[];
  logZ: number | null;
}

/** The data of an SMC diagnostics plot (the posterior must come from `smc`). */
export function smcSpec(post: PlotSource, opts: { title?: string } = {}): SMCSpec {
  const d = post.diagnostics;
  const ess = d.essHistory as number[] | undefined, inc = d.logZIncrements as number[] | undefined;
  if (!ess || !inc) throw new BorelError("bad-option", `smcPlot: the posterior (method '${post.method}') has no SMC history`, { hint: "run smc(...) or query ... using smc(...)" });
  const particles = Number(d.particles ?? post.size), th = d.essThreshold;
  return {
    kind: "smc", title: opts.title ?? `SMC: ${particles} particles, ${ess.length} steps`, particles,
    threshold: typeof th === "number" ? th * particles : null,
    ess: [...ess], resampled: [...((d.resampled as number[] | undefined) ?? [])], logZIncrements: [...inc],
    logZ: (post as { logZ?: number | null }).logZ ?? null,
  };
}

/** Renders SMC diagnostics: ESS per step above, log Ẑ increments below. */
export function renderSMC(spec: SMCSpec, ctx: RenderContext = {}): string {
  const steps = spec.ess.map((ess, step) => ({ step, ess }));
  const resampled = spec.resampled.filter((s) => s < spec.ess.length).map((step) => ({ step, ess: spec.ess[step] }));
  const essPanel = renderPanel({
    width: 640, height: 200, marginLeft: 50,
    x: { label: "step" }, y: { label: "ESS", domain: [0, spec.particles], grid: true },
    marks: [
      ...(spec.threshold !== null ? [Plot.ruleY([spec.threshold], { stroke: "#999", strokeDasharray: "4,3" })] : []),
      Plot.line(steps, { x: "step", y: "ess", stroke: "#4269d0", strokeWidth: 1.5 }),
      Plot.dot(resampled, { x: "step", y: "ess", r: 2.5, fill: "#d03c3c" }),
    ],
  }, { label: `effective sample size after each step (red: resampled before the step)`, ...ctx });
  const incPanel = renderPanel({
    width: 640, height: 180, marginLeft: 50,
    x: { label: "step" }, y: { label: "log Ẑ increment", grid: true },
    marks: [Plot.rectY(spec.logZIncrements.map((v, step) => ({ lo: step - 0.4, hi: step + 0.4, v })), { x1: "lo", x2: "hi", y: "v", fill: "#efb118" }), Plot.ruleY([0])],
  }, { label: `log Ẑ increments${spec.logZ !== null ? ` (sum: log Ẑ = ${spec.logZ.toFixed(3)})` : ""}`, ...ctx });
  return composeFigure([essPanel, incPanel], { title: spec.title });
}

/** SMC diagnostics of a posterior from `smc` as an SVG string. */
export function smcPlot(post: PlotSource, opts: { title?: string } & RenderContext = {}): string {
  return renderSMC(smcSpec(post, opts), opts);
}
