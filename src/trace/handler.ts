/**
 * The handler a model body receives: `gen((t, ...args) => { ... })`. Each GFI method runs the body with its
 * own handler (DESIGN.md: no global handler stack).
 */
import type { Distribution } from "../dist/distribution.js";
import type { ADMath } from "../ad/math.js";
import type { Real, Scalar } from "../ad/var.js";
import type { AddressLike } from "./address.js";
import type { GenerativeFunction } from "./gfi.js";
import type { ParamValue } from "./params.js";

export interface ModelHandler {
  /**
   * A random choice at `addr`. Returns its value — an AD value under gradient-based inference, so do
   * arithmetic through `t.m`.
   */
  sample<T>(addr: AddressLike, dist: Distribution<T>): T;
  /** An observation: the choice at `addr` is fixed to `value` (never resampled) and scored. */
  observe<T>(addr: AddressLike, dist: Distribution<T>, value: unknown): T;
  /** Adds `logw` to the log weight (soft conditioning). */
  factor(logw: Scalar): void;
  /** Calls a generative function, nesting its choices under `addr`; returns its return value. */
  trace<A extends unknown[], R>(addr: AddressLike, gf: GenerativeFunction<A, R>, args: A): R;
  /** A learnable parameter from the `ParamStore` of the options (initialized to `init` on first use). */
  param(name: string, init?: ParamValue): Real;
  /** Records a deterministic quantity, summarized like a choice. */
  track(name: AddressLike, value: unknown): void;
  /** AD-aware math: accepts numbers, vectors and AD values. */
  readonly m: ADMath;
}

/** A model body in the embedded DSL. */
export type ModelBody<Args extends unknown[], R> = (t: ModelHandler, ...args: Args) => R;
