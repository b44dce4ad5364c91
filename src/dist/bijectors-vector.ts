/**
 * Bijectors onto vector supports.
 *
 * - simplex (K entries, K − 1 unconstrained): Stan's stick-breaking. With z_k = σ(θ_k − log(K − 1 − k)) and the
 *   remaining stick r_k = Π_{j<k} (1 − z_j), x_k = r_k·z_k for k < K − 1 and x_{K−1} = r_{K−1}. θ = 0 maps to the
 *   uniform simplex. The Jacobian of θ ↦ (x_0..x_{K−2}) is triangular: log|det J| = Σ_k log z_k + log(1 − z_k) + log r_k.
 * - ordered: x_0 = θ_0, x_k = x_{k−1} + e^{θ_k}; log|det J| = Σ_{k≥1} θ_k.
 * - positive_ordered: x_k = Σ_{j≤k} e^{θ_j}; log|det J| = Σ θ_k.
 * - ordered within bounds (order statistics of a bounded base): with both, each x_k takes the fraction σ(θ_k)
 *   of the room left above x_{k−1} (x_{−1} = low): high − x_k = (high − low)·Π_{j≤k} σ(−θ_j), and
 *   log|det J| = Σ_k [log(high − x_{k−1}) + log σ(θ_k) + log σ(−θ_k)]; with a low bound only, low plus the
 *   positive_ordered map; with a high bound only, its mirror image, x_k = high − Σ_{j≥k} e^{θ_j}.
 *
 * Everything is written with src/ad operations, so the same code runs on plain vectors and AD values.
 *
 * @example
 * ```ts
 * simplexBijector(3).forward(new Float64Array([0, 0]));   // [1/3, 1/3, 1/3]
 * orderedBijector(3).forward(new Float64Array([0, 0, 0])); // [0, 1, 2]
 * ```
 */
import { add, mul, neg, sub } from "../ad/arith.js";
import { lengthOf, plain } from "../ad/elementwise.js";
import { concat, cumsum, index, slice, sum } from "../ad/reduce.js";
import { exp, log, logLogistic } from "../ad/unary.js";
import type { Real, Scalar } from "../ad/var.js";
import { logit } from "../math/log.js";
import { BorelError } from "../util/errors.js";
import type { Bijector } from "./bijector.js";

function asVector(name: string, theta: Real, n: number): Real {
  const l = lengthOf(theta);
  if (l === -1 && n === 1) return concat([theta]);
  if (l !== n) throw new BorelError("shape", `${name} bijector: expected ${n} unconstrained values, got ${l === -1 ? "a scalar" : l}`);
  return theta;
}

/** Stick-breaking pieces: log z, log(1 − z), log of the stick remaining before each break. */
function stick(theta: Real, offsets: Float64Array): { logz: Real; log1mz: Real; logRest: Real; cum: Real } {
  const u = sub(theta, offsets);
  const logz = logLogistic(u), log1mz = logLogistic(neg(u));
  const cum = cumsum(log1mz);
  const m = offsets.length;
  const logRest = m === 1 ? 0 : concat([0, slice(cum, 0, m - 1)]);
  return { logz, log1mz, logRest, cum };
}

export function simplexBijector(size: number): Bijector {
  const m = size - 1;
  const offsets = Float64Array.from({ length: m }, (_, k) => Math.log(m - k));
  return {
    name: "simplex",
    unconstrainedSize: (s) => s - 1,
    forward(theta) {
      if (m === 0) return new Float64Array([1]);
      const { logz, logRest, cum } = stick(asVector("simplex", theta, m), offsets);
      return exp(concat([add(logz, logRest), index(cum, m - 1)]));
    },
    inverse(x) {
      const xs = typeof x === "number" ? new Float64Array([x]) : x;
      const y = new Float64Array(m);
      let rest = 0;
      for (let k = size - 1; k >= 0; k--) rest += xs[k];
      for (let k = 0; k < m; k++) {
        y[k] = logit(xs[k] / rest) + offsets[k];
        rest -= xs[k];
      }
      return y;
    },
    logDetJ(theta): Scalar {
      if (m === 0) return 0;
      const { logz, log1mz, logRest } = stick(asVector("simplex", theta, m), offsets);
      return sum(add(add(logz, log1mz), logRest));
    },
  };
}

export function orderedBijector(size: number): Bijector {
  return {
    name: "ordered",
    unconstrainedSize: (s) => s,
    forward(theta) {
      const t = asVector("ordered", theta, size);
      return size === 1 ? t : cumsum(concat([index(t, 0), exp(slice(t, 1, size))]));
    },
    inverse(x) {
      const xs = typeof x === "number" ? new Float64Array([x]) : x;
      return xs.map((v, k) => (k === 0 ? v : Math.log(v - xs[k - 1])));
    },
    logDetJ: (theta) => (size === 1 ? 0 : sum(slice(asVector("ordered", theta, size), 1, size))),
  };
}

export function positiveOrderedBijector(size: number): Bijector {
  return {
    name: "positive_ordered",
    unconstrainedSize: (s) => s,
    forward: (theta) => cumsum(exp(asVector("positive_ordered", theta, size))),
    inverse(x) {
      const xs = typeof x === "number" ? new Float64Array([x]) : x;
      return xs.map((v, k) => Math.log(k === 0 ? v : v - xs[k - 1]));
    },
    logDetJ: (theta) => sum(asVector("positive_ordered", theta, size)),
  };
}

/**
 * Increasing vectors within (low, high); either bound may be infinite, and either may be an AD value (a bound
 * set by another choice: its gradient flows through). See the module comment for the maps.
 */
export function boundedOrderedBijector(size: number, low: Real, high: Real): Bijector {
  const lo = plainNumber(low), hi = plainNumber(high);
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) return orderedBijector(size);
  const name = "bounded_ordered";
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    const logWidth = log(sub(high, low) as Scalar);
    // cum_k = Σ_{j≤k} log σ(−θ_j) = log((high − x_k)/(high − low)).
    const cum = (t: Real) => cumsum(logLogistic(neg(t)));
    return {
      name, unconstrainedSize: (s) => s,
      forward: (theta) => sub(high, mul(sub(high, low), exp(cum(asVector(name, theta, size))))),
      inverse(x) {
        const xs = typeof x === "number" ? new Float64Array([x]) : x;
        return xs.map((v, k) => { const prev = k === 0 ? lo : xs[k - 1]; return logit((v - prev) / (hi - prev)); });
      },
      logDetJ(theta) {
        const t = asVector(name, theta, size), c = cum(t);
        const before = size === 1 ? 0 : sum(slice(c, 0, size - 1));
        return add(add(mul(size, logWidth), before), sum(add(logLogistic(t), logLogistic(neg(t))))) as Scalar;
      },
    };
  }
  if (Number.isFinite(lo)) {
    const base = positiveOrderedBijector(size);
    return {
      ...base, name,
      forward: (theta) => add(low, base.forward(theta)),
      inverse: (x) => base.inverse(typeof x === "number" ? x - lo : x.map((v) => v - lo)),
    };
  }
  return {
    name, unconstrainedSize: (s) => s,
    forward(theta) {
      const e = exp(asVector(name, theta, size)), s = cumsum(e);
      // Σ_{j≥k} e^{θ_j} = total − s_k + e^{θ_k}.
      return sub(add(sub(high, index(s, size - 1)), s), e);
    },
    inverse(x) {
      const xs = typeof x === "number" ? new Float64Array([x]) : x;
      return xs.map((v, k) => Math.log((k === size - 1 ? hi : xs[k + 1]) - v));
    },
    logDetJ: (theta) => sum(asVector(name, theta, size)),
  };
}

const plainNumber = (v: Real): number => (typeof v === "number" ? v : (plain(v) as number));
