/**
 * Learnable parameters (`t.param(name, init)`), held in a `ParamStore` passed in the options — no global
 * parameter store. VI takes a store and returns it trained.
 *
 * @example
 * ```ts
 * const params = new ParamStore();
 * guide.simulate([], rng, { params });   // t.param("mu", 0) reads 0 and stores it
 * params.get("mu");
 * ```
 */
import { BorelError } from "../util/errors.js";

export type ParamValue = number | Float64Array;

export class ParamStore {
  readonly values = new Map<string, ParamValue>();

  constructor(init?: Record<string, ParamValue>) {
    if (init) for (const [k, v] of Object.entries(init)) this.values.set(k, v);
  }

  /** The value of `name`, initialized to `init` on first use. */
  read(name: string, init: ParamValue | undefined): ParamValue {
    const v = this.values.get(name);
    if (v !== undefined) return v;
    if (init === undefined)
      throw new BorelError("no-param", `parameter '${name}' has no value and no initial value`, { hint: `write t.param("${name}", init)` });
    if (typeof init === "number" ? !Number.isFinite(init) : init.some((x) => !Number.isFinite(x)))
      throw new BorelError("bad-parameter", `parameter '${name}': initial value must be finite`);
    const copy = typeof init === "number" ? init : init.slice();
    this.values.set(name, copy);
    return copy;
  }

  get(name: string): ParamValue {
    const v = this.values.get(name);
    if (v === undefined) throw new BorelError("no-param", `no parameter named '${name}'`, { hint: `known: ${[...this.values.keys()].join(", ") || "none"}` });
    return v;
  }

  set(name: string, value: ParamValue): void {
    this.values.set(name, value);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /** A deep copy. */
  clone(): ParamStore {
    const p = new ParamStore();
    for (const [k, v] of this.values) p.values.set(k, typeof v === "number" ? v : v.slice());
    return p;
  }

  toJSON(): Record<string, number | number[]> {
    const o: Record<string, number | number[]> = {};
    for (const [k, v] of this.values) o[k] = typeof v === "number" ? v : Array.from(v);
    return o;
  }
}
