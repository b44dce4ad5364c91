/**
 * SMC mode (2): a model implementing `start()` (Borel programs, compiled so a run stops at each observation
 * point, forks in O(1) and resumes). A particle is a `ResumableRun`; a step advances it to its next observation
 * point, whose weight is the incremental log weight, so each step costs O(1) in the number of earlier steps.
 * Particles whose runs pass different numbers of observation points are aligned by count: a finished run
 * contributes weight 0 to the later steps. Duplicates after resampling are `fork()`s. Rejuvenation moves the
 * paused run's trace — whose generative function is the model up to this point (a prefix model), so a kernel
 * targets p(choices so far, observations so far) — and continues from the moved trace with `withTrace` (O(t)
 * per move, as any MCMC step on the whole past).
 *
 * @example
 * ```ts
 * const stepper = runStepper(program, [], ChoiceMap.from({ y: ys }), {});
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction, ResumableRun, StartOptions } from "../../trace/gfi.js";
import { DrawRecorder } from "../../posterior/recorder.js";
import type { ChainDraws } from "../../posterior/types.js";
import type { SMCStepper } from "./stepper.js";

/** True when the model can run as a sequence of observation points (`start`). */
export function isResumable(gf: GenerativeFunction): boolean {
  return typeof gf.start === "function";
}

export function runStepper(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, opts: StartOptions = {}): SMCStepper<ResumableRun> {
  const start = gf.start?.bind(gf);
  if (!start)
    throw new BorelError("not-resumable", `smc: ${gf.name} cannot stop at its observation points (it has no start())`, {
      hint: "Borel programs can; write a TypeScript model with unfold, or with the number of steps as its first argument",
    });
  return {
    steps: undefined,
    init: (rng) => start(args, observations, rng, opts),
    advance(run, _t, rng) {
      if (run.done) return { state: run, weight: 0 };
      const r = run.advance(rng);
      return { state: run, weight: r.weight, point: r.point };
    },
    copy: (run) => run.fork(),
    done: (run) => run.done,
    trace: (run) => run.trace(),
    move(run, kernelFor, rng) {
      if (typeof run.withTrace !== "function")
        throw new BorelError("unsupported", `smc: rejuvenation moves are not available for runs of ${gf.name} paused at observation points`, {
          hint: "the model's runs cannot continue from a moved trace (no withTrace); use an unfold model, a model whose first argument is the number of steps, or tempered SMC",
        });
      const before = run.trace();
      const r = kernelFor(before)(before, rng);
      if (r.trace === before) return { state: run, accepted: r.stats.accepted };
      return { state: run.withTrace(r.trace, rng), accepted: r.stats.accepted };
    },
    describe: (t) => `observation point ${t + 1}`,
    unvisited(runs) {
      let common: Set<string> | null = null;
      for (const run of runs) {
        if (!run.done || typeof run.unvisited !== "function") return [];
        const missed: string[] = run.unvisited();
        common = common === null ? new Set(missed) : new Set(missed.filter((k) => common!.has(k)));
        if (common.size === 0) return [];
      }
      return common === null ? [] : [...common];
    },
    // Lean runs (no trace will be asked for) give their draws directly: no trace per particle at the end.
    draws: opts.lean ? leanDraws : undefined,
  };
}

/** The draws of lean runs, in the columns a trace per particle would have given. */
function leanDraws(runs: ResumableRun[]): ChainDraws {
  const rec = new DrawRecorder();
  for (const run of runs) {
    // A run that cannot list its values (a hand-written ResumableRun, which ignores `lean`) gives its trace.
    if (typeof run.values !== "function") rec.add(run.trace());
    else rec.addVisited((choice, tracked) => (run.values as NonNullable<ResumableRun["values"]>)(choice, tracked));
  }
  return rec.finish();
}
