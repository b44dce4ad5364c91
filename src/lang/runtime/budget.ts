/**
 * Budgets that stop runaway programs with a located error instead of hanging or exhausting memory:
 *
 * - **steps**: loop iterations, function calls and elements allocated by builtins, counted per run (each
 *   top-level evaluation and each GFI method call starts a fresh count; a paused run's count goes on over its
 *   advances);
 * - **elements**: the largest array, vector, matrix or string a program may build;
 * - **choices**: random choices and observations one run of a model may make (a trace is a value the run
 *   builds: about 400 bytes a choice), a tenth of the element budget unless set;
 * - **depth**: nested Borel function calls (recursion), checked before JavaScript's own stack runs out.
 *
 * Compiled code calls `tick(span)` on loop back-edges and calls; builtins call `alloc(n, span)` before
 * building a value of n elements, and a builtin call counts the elements of its arguments (`sum(xs)` in a loop
 * is work in proportion to len(xs): `work`), as does arithmetic on vectors.
 *
 * @example
 * ```ts
 * const b = new Budget({ maxSteps: 1e6 });
 * b.alloc(1e12, span);   // throws "zeros(…) would build 1000000000000 elements, more than the budget of 10000000"
 * ```
 */
import { BorelError, type Span } from "../../util/errors.js";
import { recursionError } from "./errors.js";
import { Var } from "../../ad/var.js";
import { Matrix } from "../../math/matrix.js";
import { PVec } from "./pvec.js";

export interface BudgetOptions {
  /** Loop iterations + calls + allocated elements per run. Default 1e8. */
  maxSteps?: number;
  /** Largest array/vector/string length. Default 1e7. */
  maxElements?: number;
  /** Deepest nesting of Borel function calls. Default 2500. */
  maxDepth?: number;
  /** Random choices and observations per run of a model. Default maxElements / 10 (1e6). */
  maxChoices?: number;
}

export class Budget {
  steps = 0;
  depth = 0;
  choices = 0;
  /** Nesting of runs (a GFI call inside a GFI call does not reset the count). */
  private runs = 0;
  /** The step limit of the current run: maxSteps, times the particles of a lockstep run (see `begin`). */
  limit: number;
  readonly maxSteps: number;
  readonly maxElements: number;
  readonly maxDepth: number;
  readonly maxChoices: number;

  constructor(o: BudgetOptions = {}) {
    this.maxSteps = o.maxSteps ?? 1e8;
    this.limit = this.maxSteps;
    this.maxElements = o.maxElements ?? 1e7;
    this.maxDepth = o.maxDepth ?? 2500;
    this.maxChoices = o.maxChoices ?? Math.max(1, Math.floor(this.maxElements / 10));
  }

  /** Counts one random choice or observation of a run; a located error beyond `maxChoices`. */
  choice(span: Span | undefined): void {
    if (++this.choices > this.maxChoices)
      throw new BorelError("memory-budget", `the run made more than ${this.maxChoices} random choices and observations`, {
        span,
        hint: "a runaway loop of ~ or observe? Many values are better one vector choice (y ~ normal(mu, s) given ys with vectors); if the model really needs this many: borel run --max-elements N (choices may be a tenth of it), or compileProgram's budget: {maxChoices}",
      });
  }

  /** Counts one step (a loop iteration or a call). */
  tick(span: Span | undefined): void {
    if (++this.steps > this.limit) this.outOfSteps(span);
  }

  /** Counts the work of a builtin over `x`: its number of elements (0 for a scalar, a boolean, a record). */
  work(x: unknown, span: Span | undefined): void {
    const n = elementCount(x);
    if (n > 0) this.count(n, span);
  }

  /** Counts `n` steps of work at once (a matrix product's multiply-adds). */
  count(n: number, span: Span | undefined): void {
    if ((this.steps += n) > this.limit) this.outOfSteps(span);
  }

  /** Checks that a value of `n` elements may be built, and counts the work. */
  alloc(n: number, span: Span | undefined, what = "this value"): void {
    if (!(n <= this.maxElements))
      throw new BorelError("memory-budget", `${what} would have ${n} elements, more than the budget of ${this.maxElements}`, {
        span,
        hint: "a runaway size: check the length passed here (if the program really needs it: borel run --max-elements N, or compileProgram's budget: {maxElements})",
      });
    this.steps += n;
    if (this.steps > this.limit) this.outOfSteps(span);
  }

  outOfSteps(span: Span | undefined): never {
    throw new BorelError("step-budget", `the program ran more than ${this.maxSteps} steps (loop iterations, calls and elements visited by builtins) in one run`, {
      span,
      hint: "an unbounded loop or recursion? Check the loop bounds (if the program really needs it: borel run --max-steps N, or compileProgram's budget: {maxSteps})",
    });
  }

  /** Enters a Borel function call; throws a located error beyond `maxDepth`. */
  enterCall(span: Span | undefined): void {
    if (++this.depth > this.maxDepth) {
      this.depth--;
      throw recursionError(span, this.maxDepth);
    }
    if (++this.steps > this.limit) this.outOfSteps(span);
  }

  exitCall(): void {
    if (this.depth > 0) this.depth--;
  }

  /** Runs `f` as one run: the step count restarts unless this run is nested in another. */
  run<T>(f: () => T): T {
    this.begin();
    try {
      return f();
    } finally {
      this.end();
    }
  }

  /**
   * Starts a run (as `run` does, for callers that avoid a closure); pair with `end()` in a `finally`. A paused
   * run resuming passes the steps it has used so far (its count spans all its advances, as one run's does).
   */
  begin(steps = 0, runs = 1): void {
    // `runs` > 1: one lockstep run stands for that many particle runs, and its vector work counts each
    // particle's elements — against one run's limit it stopped at 10⁸ (300k particles × 100 steps) and fell
    // back to one particle at a time.
    if (this.runs === 0) { this.steps = steps; this.depth = 0; this.choices = 0; this.limit = this.maxSteps * Math.max(1, runs); }
    this.runs++;
  }

  end(): void {
    this.runs--;
  }
}

/** Elements of an array, vector (plain or AD), matrix or string; 0 for anything else (records included). */
function elementCount(x: unknown): number {
  if (typeof x === "string" || Array.isArray(x) || x instanceof Float64Array || x instanceof PVec) return x.length;
  if (x instanceof Var) return x.xs === null ? 0 : x.xs.length;
  return x instanceof Matrix ? x.data.length : 0;
}
