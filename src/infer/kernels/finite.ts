/**
 * A distribution over a finite list of values (booleans or numbers) with given log weights, normalized.
 * Gibbs uses it as its proposal: the full conditional of a discrete address, placed at the model's address.
 *
 * @example
 * ```ts
 * const d = finiteDistribution([false, true], [Math.log(0.2), Math.log(0.6)]);
 * d.logpdf(true);    // log 0.75
 * d.enumerate();     // [false, true]
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import type { Distribution } from "../../dist/distribution.js";
import type { Support } from "../../dist/support.js";
import { logSumExp } from "../../math/log.js";

class Finite<T extends number | boolean> implements Distribution<T> {
  readonly name = "finite";
  readonly discrete = true;
  readonly size = -1;
  readonly support: Support;
  readonly params: readonly unknown[];
  private readonly logp: Float64Array;

  constructor(private readonly values: readonly T[], logWeights: ArrayLike<number>) {
    const z = logSumExp(logWeights);
    if (!(z > -Infinity)) throw new BorelError("zero-weights", "every value of the discrete choice has probability zero given the rest of the trace");
    this.logp = Float64Array.from(logWeights, (w) => w - z);
    this.params = [values, this.logp];
    const nums = values.map(Number);
    this.support = typeof values[0] === "boolean" ? { kind: "boolean" } : { kind: "integer", low: Math.min(...nums), high: Math.max(...nums) };
  }

  private index(x: unknown): number {
    const v = x === 1 && typeof this.values[0] === "boolean" ? true : x === 0 && typeof this.values[0] === "boolean" ? false : x;
    return this.values.indexOf(v as T);
  }

  sample(rng: Rng): T {
    let u = rng.double();
    for (let i = 0; i < this.values.length; i++) {
      u -= Math.exp(this.logp[i]);
      if (u < 0 && this.logp[i] > -Infinity) return this.values[i];
    }
    for (let i = this.values.length - 1; i >= 0; i--) if (this.logp[i] > -Infinity) return this.values[i];
    return this.values[0];
  }

  logpdf(x: unknown): number {
    const i = this.index(x);
    return i < 0 ? -Infinity : this.logp[i];
  }

  logpdfAD(x: unknown): number {
    return this.logpdf(x);
  }

  mean(): number {
    return this.values.reduce((s, v, i) => s + Number(v) * Math.exp(this.logp[i]), 0);
  }

  variance(): number {
    const mu = this.mean();
    return this.values.reduce((s, v, i) => s + (Number(v) - mu) ** 2 * Math.exp(this.logp[i]), 0);
  }

  enumerate(): T[] {
    return [...this.values];
  }

  toString(): string {
    return `finite(${this.values.length} values)`;
  }
}

/** The normalized distribution over `values` with unnormalized log weights `logWeights`. */
export function finiteDistribution<T extends number | boolean>(values: readonly T[], logWeights: ArrayLike<number>): Distribution<T> {
  if (values.length === 0 || values.length !== logWeights.length)
    throw new BorelError("bad-argument", `finiteDistribution: needs one log weight per value, got ${values.length} values and ${logWeights.length} weights`);
  return new Finite(values, logWeights);
}
