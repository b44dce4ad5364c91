/**
 * delta(v): the point mass at v (a number or a vector). log p(x) = 0 when x equals v exactly (elementwise),
 * −Infinity otherwise. It is discrete — it has no continuous dimension, so gradient methods never move it —
 * and is useful to record a deterministic value as a choice, or as a mixture component.
 *
 * @example
 * ```ts
 * delta(3).logpdf(3);    // 0
 * delta(3).sample(rng);  // 3
 * ```
 */
import { plain } from "../ad/elementwise.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import type { Rng } from "../rand/rng.js";
import type { Distribution } from "./distribution.js";
import { badParameter, describeValue } from "./params.js";
import type { Support } from "./support.js";
import { formatDistribution } from "./vector-param.js";

const POINT: Support = { kind: "point" };

class Delta implements Distribution<number | Float64Array> {
  readonly name = "delta";
  readonly support = POINT;
  readonly discrete = true;
  readonly size: number;
  readonly params: readonly Real[];

  constructor(private readonly v: number | Float64Array, raw: Real) {
    this.params = [raw];
    this.size = typeof v === "number" ? -1 : v.length;
  }

  sample(_rng: Rng): number | Float64Array {
    return this.copy();
  }

  private copy(): number | Float64Array {
    return typeof this.v === "number" ? this.v : this.v.slice();
  }

  logpdf(x: unknown): number {
    const v = this.v;
    const xv = x instanceof Var ? plain(x) : Array.isArray(x) ? Float64Array.from(x as number[]) : x;
    if (typeof v === "number") return xv === v ? 0 : -Infinity;
    if (!(xv instanceof Float64Array) || xv.length !== v.length) return -Infinity;
    for (let i = 0; i < v.length; i++) if (xv[i] !== v[i]) return -Infinity;
    return 0;
  }

  logpdfAD(x: unknown): Scalar {
    return this.logpdf(x);
  }

  mean(): number | Float64Array {
    return this.copy();
  }

  variance(): number | Float64Array {
    return typeof this.v === "number" ? 0 : new Float64Array(this.v.length);
  }

  enumerate(): (number | Float64Array)[] {
    return [this.copy()];
  }

  cdf(x: number): number {
    return x >= (this.v as number) ? 1 : 0;
  }

  toString(): string {
    return formatDistribution(this.name, this.params);
  }
}

/** delta(v): see the file comment. */
export function delta(v: unknown): Distribution<number | Float64Array> {
  let pv: number | Float64Array;
  if (typeof v === "number") pv = v;
  else if (v instanceof Float64Array) pv = v.slice();
  else if (Array.isArray(v) && v.every((e) => typeof e === "number")) pv = Float64Array.from(v as number[]);
  else if (v instanceof Var) pv = v.xs === null ? v.x : v.xs.slice();
  else throw badParameter("delta", "v", `must be a number or a vector of numbers, got ${describeValue(v)}`);
  const bad = typeof pv === "number" ? Number.isNaN(pv) : pv.some(Number.isNaN);
  if (bad) throw badParameter("delta", "v", "must not be NaN");
  return new Delta(pv, v as Real);
}
