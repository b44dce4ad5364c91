/**
 * The step protocol of compiled model bodies (continuation-passing style, see ./model-body.ts). A compiled
 * body never runs a whole model in one JavaScript call chain: every random statement hands its continuation
 * to the handler, which either calls it directly (while the chain is short), returns a `Bounce` to unwind the
 * stack (so a 10^5-iteration loop needs no deep stack), returns a `Pause` at an observation point (a particle
 * stops there; SMC copies and resumes it), or — through the body's final continuation — a `Done`.
 *
 * @example
 * ```ts
 * let s = body(handler, finish, args);
 * while (s instanceof Bounce) { handler.d = 0; s = s.k(s.v); }
 * (s as Done).value;
 * ```
 */
import type { Span } from "../../util/errors.js";
import type { Distribution } from "../../dist/distribution.js";
import type { Real } from "../../ad/var.js";
import type { GenerativeFunction } from "../../trace/gfi.js";
import type { AddressLike } from "../../trace/address.js";
import type { LoopLogger } from "./incremental.js";
import type { LoopSite } from "./run-log.js";

/** A continuation of a compiled body: the value of the statement that paused, then the rest of the run. */
export type Cont = (v: unknown) => Step;

/** Unwind the stack, then continue with k(v). */
export class Bounce {
  constructor(readonly k: Cont, readonly v: unknown) {}
}

/** Stopped at an observation point: resume with k(v). */
export class Pause {
  constructor(readonly k: Cont, readonly v: unknown, readonly point: string) {}
}

/**
 * Stopped before a latent choice (a run started with `branch`): the caller picks the value `v` at `point`
 * (the choice's full address) from `dist` and resumes with k(v).
 */
export class ChoicePause extends Pause {
  constructor(k: Cont, point: string, readonly dist: Distribution) {
    super(k, undefined, point);
  }
}

/** The body returned. */
export class Done {
  constructor(readonly value: unknown) {}
}

export type Step = Bounce | Pause | Done;

/** How many continuations may be called directly before a `Bounce` unwinds the stack. */
export const MAX_DIRECT = 64;

/** The final continuation of a body. */
export const finish: Cont = (v) => new Done(v);

/**
 * What compiled model code calls (`$H` in the generated JavaScript). `d` counts direct continuation calls
 * since the stack last unwound; handlers bounce once it reaches `MAX_DIRECT`.
 */
export interface BodyHandler {
  d: number;
  /** `x ~ d` (unconstrained or constrained by the run's constraints). */
  sample(addr: AddressLike, dist: unknown, span: Span, k: Cont): Step;
  /** `observe(d, v)` and `x ~ d given v` (which binds x: `binds`). */
  observe(addr: AddressLike, dist: unknown, value: unknown, span: Span, k: Cont, binds?: boolean): Step;
  /** `factor(w)`. */
  factor(w: unknown, span: Span, k: Cont): Step;
  /** `z ~ sub(args)`: a nested generative function call. */
  call(addr: AddressLike, gf: GenerativeFunction, args: unknown[], span: Span, k: Cont): Step;
  /** `track name = e`. */
  track(addr: AddressLike, value: unknown, span: Span): void;
  /** `param(name, init)`. */
  param(name: unknown, init: unknown, span: Span): Real;
  /**
   * Entry of a loop with random statements that starts at `lo`: its logger (incremental update,
   * ./incremental.ts), or null when this run keeps no log. `parent` is the enclosing loop's logger.
   */
  loop(site: LoopSite, parent: LoopLogger | null, lo: number): LoopLogger | null;
  /**
   * True when the run never pauses, so loops of observations may run as plain loops calling `observeNow` and
   * `factorNow` (./emit-direct-loop.ts); absent or false, they run in continuation form.
   */
  readonly direct?: boolean;
  observeNow?(addr: AddressLike, dist: unknown, value: unknown, span: Span): unknown;
  factorNow?(w: unknown, span: Span): void;
  /** n observations of a loop as one term, when this run can take them so (./emit-batch.ts); else false. */
  observeBatch?(n: number, dist: unknown, values: unknown, perElement: boolean): boolean;
  /** A loop's n factors as one term (the sum of the vector w), when this run can take them so; else false. */
  factorBatch?(n: number, w: unknown): boolean;
}

/** A `Bounce` to `next()` (compiled loop back-edges use it once the chain of direct calls is long). */
export function bounce(next: () => Step): Step {
  return new Bounce(next, undefined);
}

/** A compiled model body: `(handler, final continuation, arguments) => first step`. */
export type CompiledBody = (h: BodyHandler, k: Cont, args: readonly unknown[]) => Step;

/** Runs a body to its end, unwinding bounces; a `Pause` here is an internal error. */
export function runToEnd(body: CompiledBody, h: BodyHandler, args: readonly unknown[]): unknown {
  h.d = 0;
  let s = body(h, finish, args);
  while (s instanceof Bounce) {
    h.d = 0;
    s = s.k(s.v);
  }
  if (s instanceof Done) return s.value;
  throw new Error(`internal: a model run paused at ${(s as Pause).point} outside a resumable run`);
}
