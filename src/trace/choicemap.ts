/**
 * Choice maps: address → value, stored flat by key. Built from and turned into nested plain objects:
 * in a plain object a JS array means indexed sub-addresses (`{flip: [true, false]}` is `flip/0`, `flip/1`);
 * a `Float64Array` is one vector value at one address (DESIGN.md). When a key is absent but an ancestor holds
 * a vector or array, `get` reads the element (`{x: Float64Array}` constrains `x/0`, `x/1`, ...).
 *
 * @example
 * ```ts
 * const c = ChoiceMap.from({ slope: 2, y: [1.2, 0.7] });
 * c.get("y/1");          // 0.7
 * c.toObject();          // { slope: 2, y: [1.2, 0.7] }
 * ```
 */
import { BorelError } from "../util/errors.js";
import { addressKey, isUnder, parseKey, type AddressLike } from "./address.js";

export class ChoiceMap {
  private readonly map: Map<string, unknown>;
  /**
   * Whether a stored value is a vector or an array — only then can an absent key be an element of an ancestor's
   * value — found on the first lookup that needs it and forgotten by `set`/`mergeUnder`.
   */
  private arrays: boolean | undefined = undefined;

  constructor(entries?: Iterable<[string, unknown]>) {
    this.map = new Map(entries);
  }

  static readonly EMPTY = new ChoiceMap();

  /** From a nested plain object (see the module doc), a `Map` of keys, or another choice map. */
  static from(x: unknown): ChoiceMap {
    if (x === undefined || x === null) return new ChoiceMap();
    if (x instanceof ChoiceMap) return x;
    if (x instanceof Map) return new ChoiceMap([...x].map(([k, v]) => [addressKey(k), v]));
    if (typeof x !== "object" || Array.isArray(x))
      throw new BorelError("bad-choicemap", "a choice map must be a plain object like {slope: 1, y: [0.5, 0.7]}");
    const c = new ChoiceMap();
    flatten(x as Record<string, unknown>, "", c.map);
    return c;
  }

  get size(): number {
    return this.map.size;
  }

  isEmpty(): boolean {
    return this.map.size === 0;
  }

  has(addr: AddressLike): boolean {
    return this.lookup(addressKey(addr)) !== NOT_FOUND;
  }

  /** The value at `addr`; throws naming the address when there is none. */
  get(addr: AddressLike): unknown {
    const v = this.lookup(addressKey(addr));
    if (v === NOT_FOUND) throw new BorelError("no-choice", `no value at address '${addressKey(addr)}'`, { address: addressKey(addr) });
    return v;
  }

  /** The value at `key` or `NOT_FOUND`, reading elements of an ancestor vector/array. */
  lookup(key: string): unknown {
    const v = this.map.get(key);
    if (v !== undefined || this.map.has(key)) return v;
    const f = this.map.size === 0 ? undefined : this.find(key);
    return f === undefined ? NOT_FOUND : f[1];
  }

  /** The value stored at exactly `key` (no element reads), or `NOT_FOUND`; allocates nothing. */
  own(key: string): unknown {
    const v = this.map.get(key);
    return v !== undefined || this.map.has(key) ? v : NOT_FOUND;
  }

  /**
   * Finds the value for `key`: stored at the key itself, as an element of a vector/array stored at an
   * ancestor, or — when `vectorLength` ≥ 0 — gathered from indexed children `key/0 … key/(n−1)`.
   * Returns the keys it consumed (to tell which constraints a run visited) and the value.
   */
  find(key: string, vectorLength = -1): [consumed: string[], value: unknown] | undefined {
    if (this.map.size === 0) return undefined;
    if (this.map.has(key)) return [[key], this.map.get(key)];
    // Ancestors, longest first; the element path below the first one stored is read from its vector/array.
    if (this.holdsArrays()) for (let cut = key.lastIndexOf("/"); cut > 0; cut = key.lastIndexOf("/", cut - 1)) {
      const k = key.slice(0, cut);
      if (!this.map.has(k)) continue;
      let cur: unknown = this.map.get(k);
      for (const p of key.slice(cut + 1).split("/")) {
        const i = Number(p);
        if ((cur instanceof Float64Array || Array.isArray(cur)) && Number.isInteger(i) && i >= 0 && i < cur.length) cur = cur[i];
        else return undefined;
      }
      return [[k], cur];
    }
    if (vectorLength >= 0 && this.map.has(`${key}/0`)) {
      const out = new Float64Array(vectorLength), consumed: string[] = [];
      for (let i = 0; i < vectorLength; i++) {
        const ck = `${key}/${i}`, v = this.map.get(ck);
        if (typeof v !== "number" && typeof v !== "boolean") return undefined;
        out[i] = Number(v);
        consumed.push(ck);
      }
      return [consumed, out];
    }
    return undefined;
  }

  set(addr: AddressLike, value: unknown): this {
    this.map.set(addressKey(addr), value);
    this.arrays = undefined;
    return this;
  }

  private holdsArrays(): boolean {
    if (this.arrays === undefined) {
      this.arrays = false;
      for (const v of this.map.values()) if (v instanceof Float64Array || Array.isArray(v)) { this.arrays = true; break; }
    }
    return this.arrays;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  entries(): IterableIterator<[string, unknown]> {
    return this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.map.entries();
  }

  /** The sub-map under `prefix`, keys relative to it (for nested calls). */
  under(prefix: string): ChoiceMap {
    const out = new ChoiceMap();
    const start = prefix.length + 1;
    for (const [k, v] of this.map) if (k.length > prefix.length && isUnder(k, prefix)) out.map.set(k.slice(start), v);
    // A vector/array stored at the prefix itself constrains the callee's indexed addresses.
    const own = this.map.get(prefix);
    if (own instanceof Float64Array || Array.isArray(own)) own.forEach((v: unknown, i: number) => out.map.set(String(i), v));
    return out;
  }

  /**
   * The entries grouped by their first address part, keys relative to it — `under(head)` for every head at
   * once, in one pass (combinators split constraints per element or step without an O(T·K) scan).
   */
  groupByHead(): Map<string, ChoiceMap> {
    const out = new Map<string, ChoiceMap>();
    for (const [k, v] of this.map) {
      const cut = k.indexOf("/");
      const head = cut < 0 ? k : k.slice(0, cut);
      let g = out.get(head);
      if (g === undefined) { g = new ChoiceMap(); out.set(head, g); }
      if (cut < 0) {
        if (v instanceof Float64Array || Array.isArray(v)) v.forEach((e: unknown, i: number) => g.map.set(String(i), e));
      } else g.map.set(k.slice(cut + 1), v);
    }
    return out;
  }

  /** Copies every entry of `other` under `prefix` into this map. */
  mergeUnder(prefix: string, other: ChoiceMap): this {
    for (const [k, v] of other.map) this.map.set(prefix === "" ? k : `${prefix}/${k}`, v);
    this.arrays = undefined;
    return this;
  }

  /** Nested plain object (inverse of `from` for maps built from plain objects). */
  toObject(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const [key, value] of this.map) {
      const parts = parseKey(key);
      let node: Record<string | number, unknown> = root;
      for (let i = 0; i < parts.length - 1; i++) {
        const p = parts[i], nextIsIndex = typeof parts[i + 1] === "number";
        if (node[p] === undefined) node[p] = nextIsIndex ? [] : {};
        node = node[p] as Record<string | number, unknown>;
      }
      node[parts[parts.length - 1]] = value;
    }
    return root;
  }
}

/** Sentinel for "no value" (undefined may be a stored value in principle). */
export const NOT_FOUND: unique symbol = Symbol("not-found");

function flatten(obj: Record<string, unknown> | unknown[], prefix: string, out: Map<string, unknown>): void {
  const entries: [string, unknown][] = Array.isArray(obj) ? obj.map((v, i) => [String(i), v]) : Object.entries(obj);
  for (const [name, v] of entries) {
    if (name.includes("/") && !Array.isArray(obj))
      throw new BorelError("bad-address", `address names cannot contain '/': '${name}'`, { hint: "nest objects instead: {a: {b: 1}}" });
    const key = prefix === "" ? name : `${prefix}/${name}`;
    if (Array.isArray(v) || (typeof v === "object" && v !== null && !(v instanceof Float64Array) && Object.getPrototypeOf(v) === Object.prototype))
      flatten(v as Record<string, unknown>, key, out);
    else out.set(key, v);
  }
}
