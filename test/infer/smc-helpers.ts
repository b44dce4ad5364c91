// Test helpers for SMC: a minimal MH-by-regenerate kernel (independent of the MCMC engineer's kernels), and a
// hand-written `start()` implementation of the state-space model, standing in for a compiled Borel program:
// each run stops at every observation y_k, forks in O(1) (its past is a shared persistent list) and counts the
// steps it executes, so tests can check that SMC never replays a run.
import { BorelError } from "../../src/util/errors.js";
import { Rng } from "../../src/rand/rng.js";
import { normal } from "../../src/dist/normal.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { DynamicTrace, type TraceRecord } from "../../src/trace/dynamic-trace.js";
import { select } from "../../src/trace/selection.js";
import type { GenerateResult, GenerativeFunction, ResumableRun, Trace } from "../../src/trace/gfi.js";
import type { Kernel } from "../../src/infer/kernel.js";
import { PHI } from "./smc-models.js";

/** MH by regenerate on the addresses `keys(trace)` (prior proposal for the selected choices). */
export function regenMH(keys: (tr: Trace) => string[]): Kernel {
  return (trace, rng) => {
    const r = trace.gf.regenerate(trace, trace.args as unknown[], trace.args.map(() => "same" as const), select(...keys(trace)), rng);
    const accepted = Math.log(rng.open01()) < r.weight;
    return { trace: accepted ? r.trace : trace, stats: { accepted, logAlpha: r.weight } };
  };
}

const LOG_2PI = Math.log(2 * Math.PI);
const lnorm = (v: number, m: number, sd = 1) => -0.5 * ((v - m) / sd) ** 2 - Math.log(sd) - 0.5 * LOG_2PI;

interface Step { x: number; y: number; lx: number; ly: number; prev: Step | null; k: number }

/** Counters shared by all runs of one model: steps executed and runs started. */
export interface RunCounters { steps: number; starts: number; forks: number }

class SSMRun implements ResumableRun {
  /** `ys` null: a simulation (the y are sampled, as latent choices). */
  constructor(private readonly gf: ResumableSSM, private readonly T: number, private readonly ys: ArrayLike<number> | null, private last: Step | null, private finished: boolean) {}

  get done(): boolean { return this.finished; }

  advance(rng: Rng): { done: boolean; weight: number; point?: string } {
    if (this.finished) return { done: true, weight: 0 };
    const k = this.last === null ? 0 : this.last.k + 1;
    const mean = k === 0 ? 0 : PHI * this.last!.x;
    const x = mean + rng.normal(), sd = this.gf.obsSd;
    const y = this.ys === null ? x + sd * rng.normal() : this.ys[k]!;
    this.last = { x, y, lx: lnorm(x, mean), ly: lnorm(y, x, sd), prev: this.last, k };
    this.gf.counters.steps++;
    if (k === this.T - 1) this.finished = true;
    return { done: this.finished, weight: this.last.ly, point: `y/${k}` };
  }

  fork(): ResumableRun { this.gf.counters.forks++; return new SSMRun(this.gf, this.T, this.ys, this.last, this.finished); }

  trace(): Trace {
    const steps: Step[] = [];
    for (let s = this.last; s !== null; s = s.prev) steps.unshift(s);
    const records = new Map<string, TraceRecord>();
    let latent = 0, observed = 0;
    for (const s of steps) {
      const mean = s.k === 0 ? 0 : PHI * steps[s.k - 1]!.x;
      records.set(`x/${s.k}`, { kind: "choice", key: `x/${s.k}`, dist: normal(mean, 1), value: s.x, logp: s.lx, observed: false });
      const sim = this.ys === null;
      records.set(`y/${s.k}`, { kind: "choice", key: `y/${s.k}`, dist: normal(s.x, this.gf.obsSd), value: s.y, logp: s.ly, observed: !sim });
      latent += s.lx + (sim ? s.ly : 0); observed += sim ? 0 : s.ly;
    }
    return new DynamicTrace(this.gf, [this.T], this.last?.x, records, latent, observed, 0, 0, new Map());
  }
}

/** The state-space model with observations "y/k" (sd `obsSd`) as a resumable program (args: [T]). */
export class ResumableSSM implements GenerativeFunction {
  readonly name = "resumableSSM";
  readonly counters: RunCounters = { steps: 0, starts: 0, forks: 0 };

  constructor(readonly obsSd = 1) {}

  start(args: unknown[], constraints: ChoiceMap): ResumableRun {
    const T = args[0] as number, ys = new Float64Array(T);
    for (let k = 0; k < T; k++) {
      const v = constraints.lookup(`y/${k}`);
      if (typeof v !== "number") throw new BorelError("missing", `resumableSSM needs the observation y/${k}`);
      ys[k] = v;
    }
    this.counters.starts++;
    return new SSMRun(this, T, ys, null, false);
  }

  simulate(args: unknown[], rng: Rng): Trace {
    const run = new SSMRun(this, args[0] as number, null, null, false);
    while (!run.done) run.advance(rng);
    return run.trace();
  }

  generate(args: unknown[], constraints: ChoiceMap, rng: Rng): GenerateResult {
    const run = this.start(args, constraints);
    let weight = 0;
    while (!run.done) weight += run.advance(rng).weight;
    return { trace: run.trace(), weight };
  }

  assess(): never { return unsupported("assess"); }
  update(): never { return unsupported("update"); }
  regenerate(): never { return unsupported("regenerate"); }
  propose(): never { return unsupported("propose"); }
  scoreAD(): never { return unsupported("scoreAD"); }
  schema() { return undefined; }
}

function unsupported(m: string): never {
  throw new BorelError("unsupported", `resumableSSM (a test model) has no ${m}`);
}



/**
 * Gaussian random-walk MH on one scalar address (symmetric proposal, by `update` with the new value; a value
 * outside the support has weight −∞ and is rejected). With `log: true` the walk is multiplicative,
 * x' = x·e^ε, with the Jacobian term log(x'/x) in the acceptance ratio (for positive choices).
 */
export function randomWalkMH(key: string, scale: number, log = false): Kernel {
  return (trace, rng) => {
    const x = trace.get(key) as number, eps = scale * rng.normal();
    const x1 = log ? x * Math.exp(eps) : x + eps;
    if (!(trace.choice(key)!.dist.logpdf(x1) > -Infinity)) return { trace, stats: { accepted: false, logAlpha: -Infinity } };
    const c = new ChoiceMap().set(key, x1);
    const r = trace.gf.update(trace, trace.args as unknown[], trace.args.map(() => "same" as const), c, rng, { latent: c });
    const logAlpha = r.weight + (log ? eps : 0);
    const accepted = Math.log(rng.open01()) < logAlpha;
    return { trace: accepted ? r.trace : trace, stats: { accepted, logAlpha } };
  };
}

/** Applies kernels in turn (a local cycle, so these tests do not depend on the MCMC engineer's kernels). */
export function chain(...ks: Kernel[]): Kernel {
  return (trace, rng) => {
    let accepted = false;
    for (const k of ks) { const r = k(trace, rng); trace = r.trace; accepted ||= r.stats.accepted; }
    return { trace, stats: { accepted } };
  };
}

/** Gibbs update of one finite discrete address: every value scored by `update`, one drawn in proportion. */
export function gibbs(key: string): Kernel {
  return (trace, rng) => {
    const values = trace.choice(key)!.dist.enumerate!();
    const same = trace.args.map(() => "same" as const);
    const moves = values.map((v) => { const c = new ChoiceMap().set(key, v); return trace.gf.update(trace, trace.args as unknown[], same, c, rng, { latent: c }); });
    const max = Math.max(...moves.map((m) => m.weight));
    const w = moves.map((m) => Math.exp(m.weight - max)), total = w.reduce((a, b) => a + b, 0);
    let u = rng.double() * total, i = 0;
    while (i < w.length - 1 && u >= w[i]!) u -= w[i++]!;
    return { trace: moves[i]!.trace, stats: { accepted: moves[i]!.trace.get(key) !== trace.get(key) } };
  };
}
