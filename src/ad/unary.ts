/**
 * Elementwise functions of one real with their derivatives (exp, log, lgamma, logistic, ...), each usable on
 * numbers, vectors and AD values.
 */
import { applyUnary, type UnaryOp } from "./elementwise.js";
import type { Real } from "./var.js";
import { digamma as digammaFn, lgamma as lgammaFn, trigamma } from "../math/gamma.js";
import { erf as erfFn } from "../math/erf.js";
import { normalCdf, normalLogCdf } from "../math/normal.js";
import { log1pExp, logistic as logisticFn } from "../math/log.js";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const op = (name: string, f: (x: number) => number, df: (x: number, y: number) => number): UnaryOp => ({ name, f, df });

export const UNARY = {
  exp: op("exp", Math.exp, (_x, y) => y),
  log: op("log", Math.log, (x) => 1 / x),
  log1p: op("log1p", Math.log1p, (x) => 1 / (1 + x)),
  expm1: op("expm1", Math.expm1, (_x, y) => y + 1),
  sqrt: op("sqrt", Math.sqrt, (_x, y) => 0.5 / y),
  square: op("square", (x) => x * x, (x) => 2 * x),
  abs: op("abs", Math.abs, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)),
  sin: op("sin", Math.sin, Math.cos),
  cos: op("cos", Math.cos, (x) => -Math.sin(x)),
  tanh: op("tanh", Math.tanh, (_x, y) => 1 - y * y),
  logistic: op("logistic", logisticFn, (_x, y) => y * (1 - y)),
  /** log(1 + e^x) */
  softplus: op("softplus", log1pExp, (x) => logisticFn(x)),
  /** log σ(x) = −softplus(−x) */
  logLogistic: op("log_logistic", (x) => -log1pExp(-x), (x) => logisticFn(-x)),
  logit: op("logit", (p) => Math.log(p / (1 - p)), (p) => 1 / (p * (1 - p))),
  lgamma: op("lgamma", lgammaFn, (x) => digammaFn(x)),
  digamma: op("digamma", digammaFn, (x) => trigamma(x)),
  erf: op("erf", erfFn, (x) => 2 * INV_SQRT_2PI * Math.SQRT2 * Math.exp(-x * x)),
  /** Standard normal cdf Φ. */
  normalCdf: op("normal_cdf", normalCdf, (x) => INV_SQRT_2PI * Math.exp(-0.5 * x * x)),
  /** log Φ(x), accurate in the lower tail. */
  normalLogCdf: op("normal_log_cdf", normalLogCdf, (x, y) => INV_SQRT_2PI * Math.exp(-0.5 * x * x - y)),
  gelu: op(
    "gelu",
    (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))),
    (x) => {
      const u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x), t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
    },
  ),
} satisfies Record<string, UnaryOp>;

export type UnaryName = keyof typeof UNARY;

export const exp = (x: Real): Real => applyUnary(UNARY.exp, x);
export const log = (x: Real): Real => applyUnary(UNARY.log, x);
export const log1p = (x: Real): Real => applyUnary(UNARY.log1p, x);
export const expm1 = (x: Real): Real => applyUnary(UNARY.expm1, x);
export const sqrt = (x: Real): Real => applyUnary(UNARY.sqrt, x);
export const square = (x: Real): Real => applyUnary(UNARY.square, x);
export const abs = (x: Real): Real => applyUnary(UNARY.abs, x);
export const sin = (x: Real): Real => applyUnary(UNARY.sin, x);
export const cos = (x: Real): Real => applyUnary(UNARY.cos, x);
export const tanh = (x: Real): Real => applyUnary(UNARY.tanh, x);
export const logistic = (x: Real): Real => applyUnary(UNARY.logistic, x);
export const softplus = (x: Real): Real => applyUnary(UNARY.softplus, x);
export const logLogistic = (x: Real): Real => applyUnary(UNARY.logLogistic, x);
export const logit = (x: Real): Real => applyUnary(UNARY.logit, x);
export const lgamma = (x: Real): Real => applyUnary(UNARY.lgamma, x);
export const digamma = (x: Real): Real => applyUnary(UNARY.digamma, x);
export const erf = (x: Real): Real => applyUnary(UNARY.erf, x);
export const normalCdfAD = (x: Real): Real => applyUnary(UNARY.normalCdf, x);
export const normalLogCdfAD = (x: Real): Real => applyUnary(UNARY.normalLogCdf, x);
export const gelu = (x: Real): Real => applyUnary(UNARY.gelu, x);
