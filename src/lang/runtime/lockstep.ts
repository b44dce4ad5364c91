/**
 * The runtime of lockstep model bodies (../compile/emit-lockstep.ts; the idea in ../../trace/lockstep.ts):
 * every random value is a `ParticleValues` — one number per particle — and every statement runs once for all
 * particles. Arithmetic on them is the language's own vector arithmetic (`x + 1` on a vector is elementwise),
 * so a lifted expression means, particle by particle, what the program says.
 *
 * Resampling does not copy anything: it records the ancestor vector of the new generation, and a value of an
 * older generation is gathered through the ancestors when it is next read (`cur`) — a state-space model reads
 * x[t − 1] and nothing older, so each step costs O(N) whatever the length of the past. `draws` follows the
 * ancestry of every final particle back once, for all columns together: O(N·(T + columns)).
 *
 * Anything outside the subset (a value that is not a number per particle, a vector-valued choice, a duplicate
 * address, a NaN or +Infinity density — whose error message the per-particle run gives best) throws `OutsideLockstep`, and
 * SMC runs the particles one by one instead.
 *
 * @example
 * ```ts
 * // for t in 1..T { x[t] ~ normal(0.9 * x[t - 1], 1); observe(normal(x[t], 1), ys[t]) } runs as
 * //   u_x = u_x.set(t, $P.sample("x/" + t, normal($mul(0.9, $P.cur(x[t − 1])), 1), true, S[3]));
 * //   $P.observe("obs_4_5/" + t, normal($P.cur(x[t]), 1), true, ys[t], false, S[4]); yield 0;
 * ```
 */
import { isDistribution, type Distribution } from "../../dist/distribution.js";
import { checkValue } from "../../dist/value.js";
import { RETURN_KEY, splitReturn } from "../../posterior/draws.js";
import type { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import { OutsideLockstep, type LockstepRun } from "../../trace/lockstep.js";
import type { Budget } from "./budget.js";

/** One random quantity's values, one per particle, as of generation `gen` (bumped by each resampling). */
export class ParticleValues {
  constructor(public v: Float64Array, public gen: number) {}
}

/** A compiled lockstep body: a generator that yields at each observation point. */
export type LockstepBody = (p: Lockstep, args: readonly unknown[]) => Generator<unknown, unknown, unknown>;

const outside = (why: string): never => {
  throw new OutsideLockstep(why);
};

/** The state a lockstep body runs against (`$P` in the compiled code). */
export class Lockstep {
  /** Resamplings so far. */
  gen = 0;
  /** ancestors[g][k]: the particle of generation g − 1 that particle k of generation g copies. */
  private readonly ancestors: Int32Array[] = [];
  /** Weight increments since the last pause: one per particle, or (null) the shared `incShared`. */
  inc: Float64Array | null = null;
  incShared = 0;
  /** True after an observation point (the compiled body then yields). */
  pause = false;
  point: string | undefined;
  readonly latent: [string, ParticleValues][] = [];
  readonly tracked: [string, unknown][] = [];
  retval: unknown;
  private readonly keys = new Set<string>();
  /** Constraint keys visited (a vector constraint at `y` is one key for all its elements). */
  private readonly consumed = new Set<string>();
  private lastKey: string | undefined;
  private factorsSince = 0;

  /** Choices and observations so far, against the budget's `maxChoices` (beyond it, the per-particle run reports). */
  private choices = 0;

  constructor(readonly n: number, readonly rng: Rng, readonly constraints: ChoiceMap, private readonly maxChoices = Infinity) {}

  /** A random value as of the current generation (gathered through the ancestors if it is older); numbers pass. */
  cur(x: unknown): number | Float64Array {
    if (x instanceof ParticleValues) {
      if (x.gen !== this.gen) { x.v = this.gather(x.v, x.gen); x.gen = this.gen; }
      return x.v;
    }
    if (typeof x === "number") return x;
    return outside(`a random value of type ${x === undefined ? "undefined" : typeof x}`);
  }

  /** The value of a lifted expression as a binding: a number, or the particles' values. */
  wrap(v: unknown): number | ParticleValues {
    if (typeof v === "number") return v;
    if (v instanceof Float64Array && v.length === this.n) return new ParticleValues(v, this.gen);
    return outside("a random value that is not a number per particle");
  }

  /** The value of a lifted expression that is not a number: one per particle. */
  private lifted(v: unknown): Float64Array {
    return v instanceof Float64Array && v.length === this.n ? v : outside("a random value that is not a number per particle");
  }

  /** A value that does not depend on the particles, inside a lifted expression: it must be a number. */
  scalar(x: unknown): unknown {
    return typeof x === "number" ? x : outside("a non-numeric operand of a random expression");
  }

  /** Values of generation `from` seen from the current one: v[a_from+1[… a_gen[k] …]]. */
  private gather(v: Float64Array, from: number): Float64Array {
    const n = this.n, out = new Float64Array(n), top = this.ancestors[this.gen - 1]!;
    if (from === this.gen - 1) { for (let k = 0; k < n; k++) out[k] = v[top[k]!]!; return out; }
    const idx = Int32Array.from(top);
    for (let g = this.gen - 2; g >= from; g--) { const a = this.ancestors[g]!; for (let k = 0; k < n; k++) idx[k] = a[idx[k]!]!; }
    for (let k = 0; k < n; k++) out[k] = v[idx[k]!]!;
    return out;
  }

  resample(ancestors: ArrayLike<number>): void {
    this.ancestors.push(Int32Array.from(ancestors));
    this.gen++;
  }

  private address(key: string): void {
    if (++this.choices > this.maxChoices) outside("more random choices than the budget");
    if (this.keys.has(key)) outside(`address '${key}' used twice`);
    this.keys.add(key);
  }

  /** `key ~ d`: a latent choice per particle, or an observation when the constraints hold `key`. */
  sample(key: string, d: unknown, lifted: boolean, span: unknown): unknown {
    if (!isDistribution(d)) return outside("~ of a value that is not a distribution");
    const c = this.constraints.isEmpty() ? undefined : this.constraints.find(key, d.size);
    if (c !== undefined) { for (const k of c[0]) this.consumed.add(k); return this.observe(key, d, lifted, c[1], false, span); }
    this.address(key);
    if (d.discrete && d.support.kind === "boolean") outside("a boolean choice");
    let v: Float64Array;
    if (d.size === -1) {
      v = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) {
        const x = d.sample(this.rng);
        if (typeof x !== "number") outside("a non-numeric choice");
        v[i] = x as number;
      }
    } else {
      if (!lifted || d.size !== this.n) outside("a vector-valued choice");
      v = d.sample(this.rng) as Float64Array;
    }
    const pv = new ParticleValues(v, this.gen);
    this.latent.push([key, pv]);
    this.lastKey = key;
    this.factorsSince = 0;
    return pv;
  }

  /**
   * An observation of `value` (lifted: one per particle) under `d` (lifted: parameters per particle). Returns
   * the value (for `x ~ d given v`, which binds x).
   */
  observe(key: string, d: unknown, lifted: boolean, value: unknown, valueLifted: boolean, _span: unknown): unknown {
    if (!isDistribution(d)) return outside("observe of a value that is not a distribution");
    this.address(key);
    const perParticle = lifted && d.size !== -1;
    const vs = valueLifted && typeof value !== "number" ? this.lifted(value) : undefined;
    if (!perParticle && vs === undefined) this.addShared(d.logpdf(checkValue(d, value, key)));
    else {
      const dist = d as Distribution;
      let lp: Float64Array;
      if (perParticle) {
        // A finite number is inside any real support; other observed values are checked element by element.
        const x = vs ?? (typeof value === "number" && Number.isFinite(value) && dist.support.kind === "real" ? value : new Float64Array(this.n).fill(numeric(value, dist)));
        if (typeof x !== "number") checkValue(dist, x, key);
        const e = dist.logpdfElementsAD?.(x);
        lp = e instanceof Float64Array ? e : outside("a family without per-element densities");
      } else {
        lp = new Float64Array(this.n);
        for (let i = 0; i < this.n; i++) lp[i] = dist.logpdf(checkValue(dist, vs![i], key));
      }
      this.addEach(lp);
    }
    this.pause = true;
    this.point = key;
    this.lastKey = key;
    this.factorsSince = 0;
    return vs !== undefined ? new ParticleValues(vs, this.gen) : value;
  }

  factor(x: unknown, lifted: boolean): void {
    if (lifted && typeof x !== "number") this.addEach(this.lifted(x));
    else if (typeof x === "number") this.addShared(x);
    else outside("factor of a non-number");
    this.pause = true;
    this.point = `factor ${++this.factorsSince} after ${this.lastKey ?? "the start"}`;
  }

  private addShared(lp: number): void {
    if (lp !== lp || lp === Infinity) outside("a NaN or +Infinity density");
    if (this.inc !== null) { for (let i = 0; i < this.n; i++) this.inc[i] += lp; } else this.incShared += lp;
  }

  private addEach(lp: Float64Array): void {
    for (let i = 0; i < lp.length; i++) if (lp[i] !== lp[i] || lp[i] === Infinity) outside("a NaN or +Infinity density");
    if (this.inc === null) { const inc = new Float64Array(this.n); for (let i = 0; i < this.n; i++) inc[i] = lp[i]! + this.incShared; this.inc = inc; }
    else for (let i = 0; i < this.n; i++) this.inc[i] += lp[i]!;
  }

  /** `track name = e` (`$H.track` of statements that do not depend on the particles, too). */
  track(key: string, v: unknown, lifted?: boolean): void {
    // One set for choices and tracked names: a clash is an error the per-particle run reports.
    this.address(key);
    this.tracked.push([key, lifted === true ? this.wrap(v) : v]);
  }

  ret(v: unknown, lifted: boolean): undefined {
    this.retval = lifted ? this.wrap(v) : v;
    return undefined;
  }

  /** Every constraint was visited (else the per-particle run reports it: a weight of −∞ or an error). */
  checkConsumed(): void {
    if (this.consumed.size !== this.constraints.size) outside("constraints that the run did not visit");
  }

  /** Columns of the final particles: latent choices in visit order, tracked values, the return value. */
  draws(): { length: number; columns: Map<string, unknown[]>; choiceKeys: Set<string> } {
    const n = this.n, columns = new Map<string, unknown[]>(), choiceKeys = new Set<string>();
    const cols: [string, unknown][] = [...this.latent, ...this.tracked];
    if (this.retval instanceof ParticleValues) cols.push([RETURN_KEY, this.retval]);
    else if (this.retval !== undefined) {
      const split = splitReturn(this.retval);
      if (split.rest !== undefined) outside("a return value summaries cannot use");
      cols.push(...split.columns);
    }
    // Follow every final particle's ancestry back once, visiting the columns from the newest generation down.
    const order = cols.map((c, j) => j).sort((a, b) => gen(cols[b]![1]) - gen(cols[a]![1]));
    const idx = new Int32Array(n);
    for (let k = 0; k < n; k++) idx[k] = k;
    let g = this.gen;
    const out: unknown[][] = new Array(cols.length);
    for (const j of order) {
      const v = cols[j]![1];
      if (v instanceof ParticleValues) {
        for (; g > v.gen; g--) { const a = this.ancestors[g - 1]!; for (let k = 0; k < n; k++) idx[k] = a[idx[k]!]!; }
        const col = new Array<unknown>(n);
        for (let k = 0; k < n; k++) col[k] = v.v[idx[k]!];
        out[j] = col;
      } else out[j] = new Array<unknown>(n).fill(v);
    }
    cols.forEach(([key], j) => {
      columns.set(key, out[j]!);
      if (j < this.latent.length) choiceKeys.add(key);
    });
    return { length: n, columns, choiceKeys };
  }
}

const gen = (v: unknown): number => (v instanceof ParticleValues ? v.gen : -1);

/** An observed value as the number the vector check reads: a boolean only for a boolean family (bernoulli). */
function numeric(x: unknown, d: Distribution): number {
  if (typeof x === "number") return x;
  if (typeof x === "boolean" && d.support.kind === "boolean") return x ? 1 : 0;
  return outside("an observed value that is not a number");
}

/** The `LockstepRun` of a compiled body (`BorelModel.lockstep`). */
export class CompiledLockstepRun implements LockstepRun {
  private readonly p: Lockstep;
  private readonly it: Generator<unknown, unknown, unknown>;
  private used = 0;
  private finished = false;

  constructor(body: LockstepBody, args: readonly unknown[], constraints: ChoiceMap, private readonly n: number, rng: Rng, private readonly budget: Budget) {
    this.p = new Lockstep(n, rng, constraints, budget.maxChoices);
    this.it = body(this.p, args);
  }

  advance(): { done: boolean; weights: Float64Array | number; point?: string } {
    const p = this.p;
    if (this.finished) return { done: true, weights: 0 };
    p.inc = null;
    p.incShared = 0;
    p.pause = false;
    p.point = undefined;
    let r;
    this.budget.begin(this.used, this.n);
    try {
      r = this.it.next();
    } finally {
      this.used = this.budget.steps;
      this.budget.end();
    }
    if (r.done === true) { this.finished = true; p.checkConsumed(); }
    return { done: r.done === true, weights: p.inc ?? p.incShared, point: p.point };
  }

  resample(ancestors: ArrayLike<number>): void {
    this.p.resample(ancestors);
  }

  draws(): { length: number; columns: Map<string, unknown[]>; choiceKeys: Set<string> } {
    return this.p.draws();
  }
}
