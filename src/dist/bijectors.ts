/**
 * Bijectors: smooth invertible maps from unconstrained reals θ to a support, with log|det ∂x/∂θ|, used by
 * HMC, NUTS, MAP and VI (DESIGN.md). `forward` and `logDetJ` accept numbers, Float64Arrays and AD values
 * (they are built from src/ad operations), `inverse` takes plain values. For vector values of elementwise
 * supports the bijector acts elementwise and `logDetJ` is the sum over elements. A density p_X on the support
 * becomes p_Θ(θ) = p_X(forward(θ))·|det J(θ)| on R^n.
 *
 * | support | forward(θ) | log|det J| |
 * |---|---|---|
 * | real | θ | 0 |
 * | positive | e^θ | Σ θ |
 * | unit | σ(θ) | Σ log σ(θ) + log σ(−θ) |
 * | interval(a, b) | a + (b − a)·σ(θ) | Σ log(b − a) + log σ(θ) + log σ(−θ) |
 * | greater(a) / less(b) | a + e^θ / b − e^θ | Σ θ |
 * | simplex, ordered, positive_ordered | src/dist/bijectors-vector.ts | |
 *
 * @example
 * ```ts
 * const b = bijectorFor({ kind: "positive" }, -1);
 * b.forward(0);            // 1
 * b.inverse(Math.E);       // 1
 * b.logDetJ(2);            // 2
 * ```
 */
import { add, mul, sub } from "../ad/arith.js";
import { lengthOf, plain } from "../ad/elementwise.js";
import { sum } from "../ad/reduce.js";
import { exp, log, logLogistic, logistic } from "../ad/unary.js";
import { neg } from "../ad/arith.js";
import type { Real, Scalar } from "../ad/var.js";
import { logit } from "../math/log.js";
import { BorelError } from "../util/errors.js";
import { boundedOrderedBijector, orderedBijector, positiveOrderedBijector, simplexBijector } from "./bijectors-vector.js";
import type { Bijector } from "./bijector.js";
import { describeSupport, type Support } from "./support.js";

export type { Bijector };

type Plain = number | Float64Array;

const map = (x: Plain, f: (v: number, i: number) => number): Plain => (typeof x === "number" ? f(x, 0) : x.map(f));
const at = (v: Plain, i: number): number => (typeof v === "number" ? v : v[i]);
const elementwiseSize = (size: number): number => (size === -1 ? 1 : size);

/** Σ over elements of a constant c (scalar or vector) broadcast against θ. */
function constantSum(c: Plain, theta: Real): number {
  const n = lengthOf(theta);
  if (typeof c !== "number") return c.reduce((s, v) => s + v, 0);
  return n === -1 ? c : n * c;
}

export const identityBijector: Bijector = {
  name: "identity",
  unconstrainedSize: elementwiseSize,
  forward: (theta) => theta,
  inverse: (x) => (typeof x === "number" ? x : x.slice()),
  logDetJ: () => 0,
};

export const expBijector: Bijector = {
  name: "exp",
  unconstrainedSize: elementwiseSize,
  forward: (theta) => exp(theta),
  inverse: (x) => map(x, Math.log),
  logDetJ: (theta) => sum(theta),
};

const logDetLogistic = (theta: Real): Scalar => sum(add(logLogistic(theta), logLogistic(neg(theta))));

export const logisticBijector: Bijector = {
  name: "logistic",
  unconstrainedSize: elementwiseSize,
  forward: (theta) => logistic(theta),
  inverse: (x) => map(x, logit),
  logDetJ: logDetLogistic,
};

/** x = low + (high − low)·σ(θ); bounds may be vectors (elementwise). */
export function intervalBijector(low: Plain, high: Plain): Bijector {
  const width = typeof low === "number" && typeof high === "number" ? high - low : map(typeof low === "number" ? high : low, (_v, i) => at(high, i) - at(low, i));
  const logWidth = map(width, Math.log);
  return {
    name: "interval",
    unconstrainedSize: elementwiseSize,
    forward: (theta) => add(low, mul(width, logistic(theta))),
    inverse: (x) => map(x, (v, i) => logit((v - at(low, i)) / at(width, i))),
    logDetJ: (theta) => add(constantSum(logWidth, theta), logDetLogistic(theta)) as Scalar,
  };
}

/** x = low + e^θ. */
export function greaterBijector(low: Plain): Bijector {
  return {
    name: "greater",
    unconstrainedSize: elementwiseSize,
    forward: (theta) => add(low, exp(theta)),
    inverse: (x) => map(x, (v, i) => Math.log(v - at(low, i))),
    logDetJ: (theta) => sum(theta),
  };
}

/** x = high − e^θ. */
export function lessBijector(high: Plain): Bijector {
  return {
    name: "less",
    unconstrainedSize: elementwiseSize,
    forward: (theta) => sub(high, exp(theta)),
    inverse: (x) => map(x, (v, i) => Math.log(at(high, i) - v)),
    logDetJ: (theta) => sum(theta),
  };
}

/**
 * The bijector onto an interval, greater or less support whose bounds are AD values (they depend on other
 * choices: `b ~ uniform(0, 1 − a)`): x = low + (high − low)·σ(θ), low + e^θ or high − e^θ with the bounds
 * kept in the expression, so ∂x/∂a and the Jacobian's log(high − low) reach a's gradient. Other supports:
 * `bijectorFor`.
 */
export function bijectorWithBounds(support: Support, low: Real, high: Real, size: number, address?: string): Bijector {
  const pl = plain(low), ph = plain(high), lowFinite = allFinite(pl), highFinite = allFinite(ph);
  // Order statistics of a base whose bound is another choice (ordered(uniform(0, c), n)).
  if (support.kind === "ordered") return boundedOrderedBijector(vectorSize("ordered", size), low as Scalar, high as Scalar);
  // Any bounded continuous kind (a bound can make `greater` look like `positive` at a value of exactly 0).
  if (!CONTINUOUS_BOUNDED.has(support.kind)) return bijectorFor(support, size, address);
  if (lowFinite && highFinite) {
    const width = sub(high, low);
    return {
      name: "interval",
      unconstrainedSize: elementwiseSize,
      forward: (theta) => add(low, mul(width, logistic(theta))),
      inverse: (x) => map(x, (v, i) => logit((v - at(pl, i)) / (at(ph, i) - at(pl, i)))),
      logDetJ: (theta) => {
        const n = lengthOf(theta), logWidth = log(width);
        return add(lengthOf(logWidth) === -1 && n !== -1 ? mul(n, logWidth) : sum(logWidth), logDetLogistic(theta)) as Scalar;
      },
    };
  }
  if (lowFinite && allInfinite(ph)) return { ...greaterBijector(pl), forward: (theta) => add(low, exp(theta)) };
  if (highFinite && allInfinite(pl)) return { ...lessBijector(ph), forward: (theta) => sub(high, exp(theta)) };
  return bijectorFor(support, size, address);
}

const CONTINUOUS_BOUNDED = new Set(["interval", "greater", "less", "positive", "unit", "real"]);

const allFinite = (v: Plain): boolean => (typeof v === "number" ? Number.isFinite(v) : v.every(Number.isFinite));
const allInfinite = (v: Plain): boolean => (typeof v === "number" ? !Number.isFinite(v) : v.every((e) => !Number.isFinite(e)));

function intervalLike(low: Plain, high: Plain): Bijector {
  if (allFinite(low) && allFinite(high)) return intervalBijector(low, high);
  if (allFinite(low) && allInfinite(high)) return greaterBijector(low);
  if (allInfinite(low) && allFinite(high)) return lessBijector(high);
  if (allInfinite(low) && allInfinite(high)) return identityBijector;
  throw new BorelError("bijector", "bounds that are finite for some elements and infinite for others are not supported", {
    hint: "split the vector into parts with the same kind of bounds",
  });
}

/**
 * The bijector from R^k onto `support` for a value of `size` (−1 for a scalar). Discrete supports have none:
 * gradient-based methods need continuous choices, and the error says so (naming `address` when given).
 */
export function bijectorFor(support: Support, size: number, address?: string): Bijector {
  switch (support.kind) {
    case "real": return identityBijector;
    case "positive": return expBijector;
    case "unit": return logisticBijector;
    case "interval": return intervalLike(support.low, support.high);
    case "greater": return allFinite(support.low) ? greaterBijector(support.low) : identityBijector;
    case "less": return allFinite(support.high) ? lessBijector(support.high) : identityBijector;
    case "simplex": return simplexBijector(vectorSize("simplex", size));
    case "ordered": return support.low !== undefined || support.high !== undefined
      ? boundedOrderedBijector(vectorSize("ordered", size), support.low ?? -Infinity, support.high ?? Infinity)
      : orderedBijector(vectorSize("ordered", size));
    case "positive_ordered": return positiveOrderedBijector(vectorSize("positive_ordered", size));
    case "boolean":
    case "integer":
    case "point": {
      const where = address === undefined ? "this choice" : `address '${address}'`;
      throw new BorelError("discrete-choice", `${where} is discrete (${describeSupport(support)}): gradient-based methods need a continuous choice`, {
        address,
        hint: "sum the discrete choice out (enumeration), use a discrete-capable method (MH, Gibbs, SMC), or select only continuous addresses",
      });
    }
  }
}

function vectorSize(kind: string, size: number): number {
  if (size < 1) throw new BorelError("bijector", `a ${kind} support needs a vector value, got size ${size}`);
  return size;
}
