/**
 * The frontier of enumeration's search: the subtrees still to explore, each with the log prior mass of its
 * prefix. Two orders: `depth-first` (a stack: the last pushed comes out first) and `likely-first` (a binary
 * max-heap on the prior mass: the heaviest subtree comes out first). For a finite model both visit every leaf;
 * under an execution limit likely-first leaves the least prior mass unexplored — on a recursive model
 * (geometric, a grammar) depth-first would follow one ever-deeper branch and never come back to the shallow,
 * heavy leaves.
 *
 * @example
 * ```ts
 * const f = new Frontier<string>("likely-first");
 * f.push("a", Math.log(0.2)); f.push("b", Math.log(0.7));
 * f.pop();                 // { item: "b", logPrior: log 0.7 }
 * f.logMass();             // log 0.2
 * ```
 */
import { logSumExp } from "../math/log.js";

export type SearchOrder = "likely-first" | "depth-first";
export const SEARCH_ORDERS: readonly SearchOrder[] = ["likely-first", "depth-first"];

export class Frontier<T> {
  private readonly items: T[] = [];
  private readonly priors: number[] = [];

  constructor(readonly order: SearchOrder) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T, logPrior: number): void {
    this.items.push(item);
    this.priors.push(logPrior);
    if (this.order === "likely-first") this.siftUp(this.items.length - 1);
  }

  /** The next subtree (the caller checks `size` first). */
  pop(): { item: T; logPrior: number } {
    const items = this.items, priors = this.priors;
    if (this.order === "depth-first" || items.length === 1) return { item: items.pop()!, logPrior: priors.pop()! };
    const top = { item: items[0]!, logPrior: priors[0]! };
    items[0] = items.pop()!;
    priors[0] = priors.pop()!;
    this.siftDown(0);
    return top;
  }

  /** log of the total prior mass of the subtrees left (−∞ when none). */
  logMass(): number {
    return logSumExp(this.priors);
  }

  private swap(i: number, j: number): void {
    const it = this.items[i]!, p = this.priors[i]!;
    this.items[i] = this.items[j]!; this.priors[i] = this.priors[j]!;
    this.items[j] = it; this.priors[j] = p;
  }

  private siftUp(i: number): void {
    const p = this.priors;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (p[parent]! >= p[i]!) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const p = this.priors, n = p.length;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let best = i;
      if (l < n && p[l]! > p[best]!) best = l;
      if (r < n && p[r]! > p[best]!) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}
