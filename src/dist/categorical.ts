/**
 * categorical(probs): a 0-based index k with probability probs[k]; the parameter is ONE probability vector
 * (summing to 1 within 1e-6) and the value a number. A vector value (e.g. through `iid(categorical(p), n)`)
 * has the summed log mass, read with one `gather` node. `categorical_logit` shares this class.
 *
 * @example
 * ```ts
 * categorical([0.2, 0.8]).logpdf(1);     // log 0.8
 * categorical([0.2, 0.8]).enumerate();   // [0, 1]
 * ```
 */
import { add } from "../ad/arith.js";
import { gather } from "../ad/gather.js";
import { index, sum } from "../ad/reduce.js";
import { log } from "../ad/unary.js";
import type { Real, Scalar } from "../ad/var.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { describeValue } from "./params.js";
import type { Support } from "./support.js";
import { checkSumsToOne, formatDistribution, plainVector, vectorParam } from "./vector-param.js";

export class Categorical implements Distribution<number> {
  readonly support: Support;
  readonly discrete = true;
  readonly size = -1;
  private lpCache: Real | undefined;

  /**
   * @param probs plain probabilities (for sampling and moments)
   * @param logProbsAD the log-probability vector as an AD expression, built on first use
   */
  constructor(readonly name: string, readonly params: readonly Real[], private readonly probs: Float64Array, private readonly logProbsAD: () => Real) {
    this.support = { kind: "integer", low: 0, high: probs.length - 1 };
  }

  private get lp(): Real {
    return (this.lpCache ??= this.logProbsAD());
  }

  sample(rng: Rng): number {
    const p = this.probs;
    let total = 0;
    for (let k = 0; k < p.length; k++) total += p[k];
    let u = rng.double() * total;
    for (let k = 0; k < p.length; k++) {
      u -= p[k];
      if (u < 0 && p[k] > 0) return k;
    }
    for (let k = p.length - 1; k >= 0; k--) if (p[k] > 0) return k;
    return p.length - 1;
  }

  private valid(k: number): boolean {
    return Number.isInteger(k) && k >= 0 && k < this.probs.length;
  }

  private indices(x: unknown): number[] | null {
    if (typeof x === "number") return [x];
    if (x instanceof Float64Array || (Array.isArray(x) && x.every((e) => typeof e === "number"))) return Array.from(x as ArrayLike<number>);
    throw new BorelError("bad-value", `${this.name}: the value must be an index (0-based integer), got ${describeValue(x)}`);
  }

  logpdf(x: unknown): number {
    const v = this.logpdfAD(x);
    return typeof v === "number" ? v : v.x;
  }

  logpdfAD(x: unknown): Scalar {
    const ks = this.indices(x) as number[];
    if (!ks.every((k) => this.valid(k))) return -Infinity;
    if (typeof x === "number") return index(this.lp, x);
    return sum(gather(this.lp, ks));
  }

  logpdfElementsAD(x: unknown): Real {
    const ks = this.indices(x) as number[];
    if (typeof x === "number") return this.logpdfAD(x);
    const out = ks.map((k) => (this.valid(k) ? k : 0));
    const g = gather(this.lp, out);
    if (ks.every((k) => this.valid(k))) return g;
    const bad = Float64Array.from(ks, (k) => (this.valid(k) ? 0 : -Infinity));
    return add(g, bad);
  }

  mean(): number {
    let m = 0;
    this.probs.forEach((p, k) => (m += k * p));
    return m;
  }

  variance(): number {
    const m = this.mean();
    let v = 0;
    this.probs.forEach((p, k) => (v += p * (k - m) * (k - m)));
    return v;
  }

  enumerate(): number[] {
    const out: number[] = [];
    this.probs.forEach((p, k) => { if (p > 0) out.push(k); });
    return out;
  }

  cdf(x: number): number {
    let s = 0;
    for (let k = 0; k <= Math.min(Math.floor(x), this.probs.length - 1); k++) s += this.probs[k];
    return Math.min(1, s);
  }

  toString(): string {
    return formatDistribution(this.name, this.params);
  }
}

/**
 * categorical(probs): see the file comment.
 */
export function categorical(probs: unknown): Distribution<number> {
  const p = vectorParam("categorical", "probs", probs, "nonnegative");
  const pv = plainVector(p);
  checkSumsToOne("categorical", "probs", pv);
  return new Categorical("categorical", [p], pv, () => log(p));
}
