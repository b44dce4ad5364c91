/**
 * Selections pick addresses of a trace (for `regenerate`, MH and gradient kernels). Selecting an address
 * selects everything under it (`select("z")` includes `z/3` and a sub-model's choices under `z`).
 *
 * @example
 * ```ts
 * const s = select("slope", ["x", 2]);
 * s.has("slope");              // true
 * complement(s).has("noise");  // true
 * ```
 */
import { addressKey, isUnder, type AddressLike } from "./address.js";

export interface Selection {
  /** True when the choice at `key` is selected. */
  has(key: string): boolean;
  /** The selection relative to the sub-trace at `prefix` (for nested calls). */
  under(prefix: string): Selection;
  /** Human-readable form, for messages. */
  toString(): string;
}

class KeySelection implements Selection {
  constructor(readonly keys: readonly string[]) {}

  has(key: string): boolean {
    for (const k of this.keys) if (isUnder(key, k)) return true;
    return false;
  }

  under(prefix: string): Selection {
    if (this.keys.some((k) => isUnder(prefix, k))) return ALL;
    const inner = this.keys.filter((k) => isUnder(k, prefix) && k !== prefix).map((k) => k.slice(prefix.length + 1));
    return inner.length === 0 ? NONE : new KeySelection(inner);
  }

  toString(): string {
    return `select(${this.keys.join(", ")})`;
  }
}

class Complement implements Selection {
  constructor(readonly inner: Selection) {}
  has(key: string): boolean {
    return !this.inner.has(key);
  }
  under(prefix: string): Selection {
    return complement(this.inner.under(prefix));
  }
  toString(): string {
    return `complement(${this.inner})`;
  }
}

class Predicate implements Selection {
  constructor(readonly pred: (key: string) => boolean, readonly prefix = "", readonly label = "predicate") {}
  has(key: string): boolean {
    return this.pred(this.prefix === "" ? key : `${this.prefix}/${key}`);
  }
  under(prefix: string): Selection {
    return new Predicate(this.pred, this.prefix === "" ? prefix : `${this.prefix}/${prefix}`, this.label);
  }
  toString(): string {
    return this.label;
  }
}

/** Everything. */
export const ALL: Selection = { has: () => true, under: () => ALL, toString: () => "all" };
/** Nothing. */
export const NONE: Selection = { has: () => false, under: () => NONE, toString: () => "none" };

/** Selects the given addresses and everything under them. */
export function select(...addrs: AddressLike[]): Selection {
  return addrs.length === 0 ? NONE : new KeySelection(addrs.map(addressKey));
}

/** Everything not in `s`. */
export function complement(s: Selection): Selection {
  if (s instanceof Complement) return s.inner;
  return new Complement(s);
}

/** Selects keys for which `pred(key)` holds (keys are full, relative to the top trace). */
export function selectWhere(pred: (key: string) => boolean, label = "selectWhere"): Selection {
  return new Predicate(pred, "", label);
}

/** The addresses a `select(...)` names (each with everything under it); undefined for other selections. */
export function selectedKeys(s: Selection): readonly string[] | undefined {
  return s instanceof KeySelection ? s.keys : undefined;
}
