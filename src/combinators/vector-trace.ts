/**
 * The trace of `map` and `unfold`: one sub-trace per element or step, the i-th one's choices under "i".
 */
import { BorelError, isBorelError } from "../util/errors.js";
import { addressKey } from "../trace/address.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { ChoiceView, GenerativeFunction, Trace } from "../trace/gfi.js";
import { rekey } from "../trace/dynamic-trace.js";

export class VectorTrace implements Trace {
  readonly latentScore: number;
  readonly observedScore: number;
  readonly factorScore: number;

  constructor(
    readonly gf: GenerativeFunction,
    readonly args: readonly unknown[],
    readonly subtraces: readonly Trace[],
  ) {
    let l = 0, o = 0, f = 0;
    for (const t of subtraces) { l += t.latentScore; o += t.observedScore; f += t.factorScore; }
    this.latentScore = l;
    this.observedScore = o;
    this.factorScore = f;
  }

  get score(): number {
    return this.latentScore + this.observedScore + this.factorScore;
  }

  get retval(): unknown[] {
    return this.subtraces.map((t) => t.retval);
  }

  *choices(): Iterable<ChoiceView> {
    for (let i = 0; i < this.subtraces.length; i++)
      for (const c of this.subtraces[i].choices()) yield rekey(c, `${i}/${c.key}`);
  }

  choice(key: string): ChoiceView | undefined {
    const cut = key.indexOf("/");
    if (cut < 0) return undefined;
    const sub = this.subtraces[Number(key.slice(0, cut))];
    const c = sub?.choice(key.slice(cut + 1));
    return c && rekey(c, key);
  }

  get(addr: string | readonly (string | number)[]): unknown {
    const key = addressKey(addr);
    const c = this.choice(key);
    if (c !== undefined) return c.value;
    const i = Number(key);
    if (Number.isInteger(i) && i >= 0 && i < this.subtraces.length) return this.subtraces[i].retval;
    throw new BorelError("no-choice", `the trace of ${this.gf.name} has no choice at '${key}'`, { address: key });
  }

  *tracked(): Iterable<[string, unknown]> {
    for (let i = 0; i < this.subtraces.length; i++) for (const [k, v] of this.subtraces[i].tracked()) yield [`${i}/${k}`, v];
  }

  choiceMap(): ChoiceMap {
    const c = new ChoiceMap();
    for (const v of this.choices()) c.set(v.key, v.value);
    return c;
  }
}

/** Constraint keys that do not start with an index in [0, n): errors for a combinator. */
export function checkIndexedKeys(name: string, constraints: ChoiceMap, n: number): void {
  for (const k of constraints.keys()) {
    const head = k.split("/")[0];
    const i = Number(head);
    if (!/^\d+$/.test(head) || i >= n)
      throw new BorelError("unknown-address", `${name}: constraint at '${k}' is outside the ${n} indexed elements (addresses are i/..., 0 ≤ i < ${n})`, { address: k });
  }
}

/**
 * Runs `f`, the GFI call of element or step `i`: a `BorelError` it throws names its address under `i/` (a NaN
 * observation at `y` of step 3 is at `3/y`: the error says which step).
 */
export function atElement<T>(i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw isBorelError(e) ? e.under(String(i)) : e;
  }
}

/** Adds the constraint keys element `i`'s `generate` did not visit (`r.unvisited`) to `into`, under `i/`. */
export function addUnvisited(into: string[], i: number, r: { unvisited?: string[] }): void {
  if (r.unvisited !== undefined) for (const k of r.unvisited) into.push(`${i}/${k}`);
}

/** A generate result, with `unvisited` when some constraint was not visited (the weight is then −∞). */
export function generated<R extends { weight: number }>(r: R, unvisited: string[]): R & { unvisited?: string[] } {
  return unvisited.length === 0 ? r : { ...r, weight: -Infinity, unvisited };
}
