/**
 * Optimization curves: the objective per step of variational inference (`diagnostics.elbo`, an ELBO or IWAE
 * estimate, noisy) as a thin line with its moving average as a thick one, so a fit that has converged shows
 * as a flat thick line. Any other series of numbers (a PFN's training loss) plots the same way.
 *
 * @example
 * ```ts
 * const post = vi(model, args, obs, { steps: 2000, seed: 1 });
 * lossPlot(post);                                            // ELBO per step and its moving average
 * lossPlot({ values: losses, label: "training loss" });     // any series
 * ```
 */
import * as Plot from "@observablehq/plot";
import { BorelError } from "../util/errors.js";
import { countOption, type PlotSource } from "./draws.js";
import { composeFigure, renderPanel, type RenderContext } from "./svg.js";

export interface LossSpec {
  kind: "loss";
  title: string;
  label: string;
  values: number[];
  /** Moving-average window. */
  window: number;
}

export interface LossOptions {
  title?: string;
  /** Moving-average window (default: 2% of the steps, at least 5). */
  window?: number;
}

/** The data of a loss plot: from a VI posterior, or from `{values, label}`. */
export function lossSpec(source: PlotSource | { values: ArrayLike<number>; label?: string }, opts: LossOptions = {}): LossSpec {
  let values: ArrayLike<number>, label: string;
  if ("diagnostics" in source) {
    const elbo = source.diagnostics.elbo as ArrayLike<number> | undefined;
    if (!elbo) throw new BorelError("bad-option", `lossPlot: the posterior (method '${source.method}') has no objective trace`, { hint: "run vi(...), or pass { values }" });
    values = elbo;
    label = "ELBO";
  } else {
    values = source.values;
    label = source.label ?? "loss";
  }
  const v = Array.from(values);
  return { kind: "loss", title: opts.title ?? `${label} per step (${v.length} steps)`, label, values: v, window: countOption("lossPlot", "window", opts.window, Math.max(5, Math.round(v.length / 50))) };
}

/** Trailing moving average of the finite values. */
export function movingAverage(v: readonly number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0, n = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) { sum += v[i]; n++; }
    const j = i - window;
    if (j >= 0 && Number.isFinite(v[j])) { sum -= v[j]; n--; }
    out.push(n > 0 ? sum / n : NaN);
  }
  return out;
}

/** Renders a loss spec. */
export function renderLoss(spec: LossSpec, ctx: RenderContext = {}): string {
  const raw = spec.values.map((y, step) => ({ step, y })).filter((p) => Number.isFinite(p.y));
  const avg = movingAverage(spec.values, spec.window).map((y, step) => ({ step, y })).filter((p) => Number.isFinite(p.y));
  return composeFigure([renderPanel({
    width: 640, height: 240, marginLeft: 60,
    x: { label: "step" }, y: { label: spec.label, grid: true },
    marks: [
      Plot.line(raw, { x: "step", y: "y", stroke: "#9bb4e6", strokeWidth: 0.7 }),
      Plot.line(avg, { x: "step", y: "y", stroke: "#1c3a8a", strokeWidth: 2 }),
    ],
  }, { label: `thin: per step; thick: moving average over ${spec.window} steps`, ...ctx })], { title: spec.title });
}

/** A loss curve as an SVG string. */
export function lossPlot(source: PlotSource | { values: ArrayLike<number>; label?: string }, opts: LossOptions & RenderContext = {}): string {
  return renderLoss(lossSpec(source, opts), opts);
}
