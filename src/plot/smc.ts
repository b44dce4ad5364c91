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
  // Steps are integers: ticks on whole steps only, and one x range for both panels so the steps line up.
  const n = Math.max(spec.ess.length, spec.logZIncrements.length, 1);
  const stepAxis = { label: "step", domain: [-0.5, n - 0.5], ticks: integerTicks(n), tickFormat: "d" };
  const essPanel = renderPanel({
    width: 640, height: 200, marginLeft: 50,
    x: stepAxis, y: { label: "ESS", domain: [0, spec.particles], grid: true },
    marks: [
      ...(spec.threshold !== null ? [Plot.ruleY([spec.threshold], { stroke: "#999", strokeDasharray: "4,3" })] : []),
      Plot.line(steps, { x: "step", y: "ess", stroke: "#4269d0", strokeWidth: 1.5 }),
      Plot.dot(resampled, { x: "step", y: "ess", r: 2.5, fill: "#d03c3c" }),
    ],
  }, { label: `effective sample size after each step (red: resampled before the step)`, ...ctx });
  const incPanel = renderPanel({
    width: 640, height: 180, marginLeft: 50,
    x: stepAxis, y: { label: "log Ẑ increment", grid: true },
    marks: [Plot.rectY(spec.logZIncrements.map((v, step) => ({ lo: step - 0.4, hi: step + 0.4, v })), { x1: "lo", x2: "hi", y: "v", fill: "#efb118" }), Plot.ruleY([0])],
  }, { label: `log Ẑ increments${spec.logZ !== null ? ` (sum: log Ẑ = ${spec.logZ.toFixed(3)})` : ""}`, ...ctx });
  return composeFigure([essPanel, incPanel], { title: spec.title });
}

/** At most about 10 whole-number ticks over 0..n−1, at a step of 1, 2 or 5 × a power of 10. */
export function integerTicks(n: number): number[] {
  const raw = Math.max(1, (n - 1) / 10), mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((k) => k >= raw) ?? 10 * mag;
  const every = Math.max(1, Math.ceil(step));
  const out: number[] = [];
  for (let t = 0; t < n; t += every) out.push(t);
  return out;
}

/** SMC diagnostics of a posterior from `smc` as an SVG string. */
export function smcPlot(post: PlotSource, opts: { title?: string } & RenderContext = {}): string {
  return renderSMC(smcSpec(post, opts), opts);
}
