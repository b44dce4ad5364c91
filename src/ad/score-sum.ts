/**
 * A running sum of log-density terms for a differentiable run: numbers are added directly and AD scalars
 * are kept, then summed by ONE node when the total is read — not a chain of `add` nodes, one per choice and
 * observation (a model with a loop of 1000 observations made 1000 of them per gradient).
 *
 * @example
 * ```ts
 * const s = new ScoreSum();
 * s.add(lp1); s.add(-0.5); s.add(lp2);
 * const score = s.total();   // lp1 + lp2 − 0.5, one AD node
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Var, type Scalar } from "./var.js";

function backSum(node: Var): void {
  const terms = node.aux as Var[], g = node.g;
  for (let i = 0; i < terms.length; i++) terms[i].g += g;
}

export class ScoreSum {
  private constant = 0;
  private readonly terms: Var[] = [];

  /** Adds a scalar term (a number or a scalar AD value). */
  add(x: Scalar): void {
    if (typeof x === "number") { this.constant += x; return; }
    if (!(x instanceof Var) || x.xs !== null) throw new BorelError("internal", "a log-density term must be a scalar");
    this.terms.push(x);
  }

  /** The sum so far: a number when no term is an AD value, else one node over the AD terms. */
  total(): Scalar {
    const terms = this.terms;
    if (terms.length === 0) return this.constant;
    if (terms.length === 1 && this.constant === 0) return terms[0];
    let x = this.constant;
    for (let i = 0; i < terms.length; i++) x += terms[i].x;
    return new Var(terms[0].tape, x, null, backSum, null, null, terms.slice());
  }
}
