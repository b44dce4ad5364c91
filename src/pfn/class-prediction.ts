/**
 * The predictive distribution of a class label (a classification PFN's output for one query row).
 *
 * @example
 * ```ts
 * const p = pfn.predict(context, [[0.1, 0.2]])[0] as ClassPrediction;
 * p.prob(1); p.logProb(1); p.mode;
 * ```
 */
import { BorelError } from "../util/errors.js";
import { logSoftmax } from "./bar-distribution.js";

export class ClassPrediction {
  readonly logProbs: Float64Array;
  readonly probs: Float64Array;
  constructor(readonly classes: readonly number[], logits: ArrayLike<number>) {
    this.logProbs = logSoftmax(logits);
    this.probs = this.logProbs.map(Math.exp);
  }
  private index(label: number | boolean): number {
    const v = typeof label === "boolean" ? (label ? 1 : 0) : label, k = this.classes.indexOf(v);
    if (k < 0) throw new BorelError("bad-value", `ClassPrediction: ${String(label)} is not one of the classes ${this.classes.join(", ")}`);
    return k;
  }
  logProb(label: number | boolean): number { return this.logProbs[this.index(label)]; }
  prob(label: number | boolean): number { return this.probs[this.index(label)]; }
  /** The most probable class. */
  get mode(): number { let k = 0; for (let j = 1; j < this.probs.length; j++) if (this.probs[j] > this.probs[k]) k = j; return this.classes[k]; }
}
