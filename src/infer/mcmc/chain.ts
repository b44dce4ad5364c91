/**
 * One MCMC chain as a resumable loop: warmup (threading the kernel's adaptation state through
 * `init → update … → done`), then sampling with thinning, recording every kept draw and its stats. `run(n)`
 * advances at most n steps, so a driver can report progress, yield to the event loop or stop (an abort flag
 * checked every step) between calls. The chain's random stream is `new Rng(seed, path)` — `chain/<i>` of the
 * run's root stream — and a resumed chain continues on `<path>/resume/<k>`, so a chain's draws depend only on
 * the seed and its index, never on workers or scheduling.
 *
 * @example
 * ```ts
 * const c = new ChainRunner(model, args, obs, () => randomWalk("mu"), { index: 0, seed: 1, rngPath: "chain/0", samples: 1000, warmup: 500, thin: 1 });
 * while (!c.done) c.run(100);
 * const { draws, state } = c.finish();
 * ```
 */
import { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions, Trace } from "../../trace/gfi.js";
import { DrawRecorder } from "../../posterior/recorder.js";
import { BorelError } from "../../util/errors.js";
import type { ChainDraws, ChainState } from "../../posterior/types.js";
import type { AdaptiveKernel, Kernel } from "../kernel.js";
import { asAdaptive, type AnyKernel } from "../kernels/adaptive.js";
import { initialTrace } from "./init.js";

export interface ChainJob {
  index: number;
  seed: number | string;
  /** Path of the chain's stream under the seed ("chain/<i>" or "<root>/chain/<i>"). */
  rngPath: string;
  samples: number;
  warmup: number;
  thin: number;
  init?: unknown;
  initAttempts?: number;
  /** Continue a saved chain instead of starting one (no warmup). */
  resumeFrom?: ChainState;
  keepTraces?: boolean;
  pointwiseLogLik?: boolean;
}

export interface ChainResult {
  draws: ChainDraws;
  state: ChainState;
  /** Accepted fraction over all sampling steps (thinned-out steps included). */
  acceptance: number;
  steps: number;
  interrupted: boolean;
}

/** Anything with an `aborted` flag (an AbortSignal, or a worker's shared flag). */
export interface AbortFlag {
  readonly aborted: boolean;
}

export class ChainRunner {
  private readonly ak: AdaptiveKernel<unknown, Trace>;
  private readonly rng: Rng;
  private readonly recorder: DrawRecorder;
  private trace: Trace;
  private adapt: unknown;
  private kernel: Kernel | null = null;
  private warmupLeft: number;
  private sampleSteps = 0;
  private accepted = 0;
  private interrupted = false;
  readonly totalSteps: number;
  stepsDone = 0;

  /** `kernelFor` builds the kernel from the chain's first trace (kernel specs need one). */
  constructor(model: GenerativeFunction, args: unknown[], observations: ChoiceMap, kernelFor: (first: Trace) => AnyKernel, private readonly job: ChainJob, gfi: GFIOptions = {}, private readonly signal?: AbortFlag) {
    const stream = new Rng(job.seed, job.rngPath);
    const resume = job.resumeFrom;
    this.rng = resume ? stream.split(`resume/${resume.segment}`) : stream;
    this.trace = resume
      ? initialTrace(model, args, observations, this.rng.split("init"), { params: gfi.params, init: new Map(resume.choices), attempts: 1 })
      : initialTrace(model, args, observations, stream.split("init"), { params: gfi.params, init: job.init, attempts: job.initAttempts });
    this.ak = asAdaptive(kernelFor(this.trace));
    if (resume) checkResumedState(this.ak, resume.adaptation, this.trace, this.rng.split("resume-check"));
    this.warmupLeft = resume ? 0 : job.warmup;
    this.adapt = resume ? resume.adaptation : this.ak.init(this.trace, this.rng, { warmup: job.warmup });
    if (resume || job.warmup === 0) this.startSampling(resume !== undefined);
    this.recorder = new DrawRecorder({ keepTraces: job.keepTraces, logLik: job.pointwiseLogLik });
    this.totalSteps = this.warmupLeft + job.samples * job.thin;
  }

  private startSampling(resumed: boolean): void {
    if (!resumed) this.adapt = this.ak.done(this.adapt);
    this.kernel = this.ak.kernel(this.adapt);
  }

  get done(): boolean {
    return this.interrupted || this.stepsDone >= this.totalSteps;
  }

  /** Runs at most `n` steps; returns the number run. Stops early when the abort flag is set. */
  run(n: number): number {
    let ran = 0;
    const thin = this.job.thin;
    while (ran < n && this.stepsDone < this.totalSteps) {
      if (this.signal?.aborted) { this.interrupted = true; break; }
      if (this.warmupLeft > 0) {
        const r = this.ak.kernel(this.adapt)(this.trace, this.rng);
        this.adapt = this.ak.update(this.adapt, r.stats, r.trace);
        this.trace = r.trace;
        if (--this.warmupLeft === 0) this.startSampling(false);
      } else {
        const r = (this.kernel as Kernel)(this.trace, this.rng);
        this.trace = r.trace;
        if (r.stats.accepted) this.accepted++;
        if (++this.sampleSteps % thin === 0) this.recorder.add(r.trace, r.stats);
      }
      this.stepsDone++;
      ran++;
    }
    return ran;
  }

  /** The draws and the state to resume from. */
  finish(): ChainResult {
    const choices: [string, unknown][] = [];
    for (const c of this.trace.choices()) if (!c.observed) choices.push([c.key, c.value]);
    const prev = this.job.resumeFrom;
    const state: ChainState = {
      choices, adaptation: this.kernel ? this.adapt : this.ak.done(this.adapt), seed: this.job.seed, rngPath: this.job.rngPath,
      segment: (prev?.segment ?? 0) + 1, steps: (prev?.steps ?? 0) + this.sampleSteps,
    };
    return { draws: this.recorder.finish(), state, acceptance: this.sampleSteps > 0 ? this.accepted / this.sampleSteps : NaN, steps: this.stepsDone, interrupted: this.interrupted };
  }
}

/**
 * A saved adaptation state must have the shape the kernel's own states have (its fields, and the sub-states of
 * a cycle): resumed with another kind of kernel (random walk saved, NUTS resumed), the kernel read fields that
 * are not there and crashed with a TypeError. The comparison is by structure — field names, nesting, arrays of
 * states — not by sizes or values, so a tuned state matches a fresh one.
 */
function checkResumedState(ak: AdaptiveKernel, saved: unknown, trace: Trace, rng: Rng): void {
  const fresh = ak.done(ak.init(trace, rng, { warmup: 0 }));
  if (stateShape(saved) !== stateShape(fresh))
    throw new BorelError("bad-option", "resume: the chains' saved adaptation belongs to another kind of kernel than the one given", {
      hint: "resume with the kernel the chains ran with (the same expression as the mcmc call, e.g. nutsKernel() for a nuts run)",
    });
}

function stateShape(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return "0";
  if (typeof v !== "object") return typeof v;
  if (depth > 8) return "o";
  // Numbers in arrays are tuning (a metric), whose size is learned: arrays of numbers compare equal.
  if (ArrayBuffer.isView(v) || (Array.isArray(v) && v.every((x) => typeof x === "number"))) return "A";
  if (Array.isArray(v)) return `[${v.map((x) => stateShape(x, depth + 1)).join(",")}]`;
  return `{${Object.keys(v).sort().map((k) => `${k}:${stateShape((v as Record<string, unknown>)[k], depth + 1)}`).join(",")}}`;
}