/**
 * Addresses name random choices: `readonly (string | number)[]`, written joined by "/" (`["y", 3]` is
 * `y/3`). Names contain no "/"; a string given where an address is expected may use "/" to write a path.
 * Maps and sets are keyed by the joined form (the *key*).
 */
import { BorelError, type Address } from "../util/errors.js";

export type { Address };

/** What callers may pass as an address: a name, a "a/b/3" path, or an array of parts. */
export type AddressLike = string | number | Address;

/** The joined key of an address ("y/3"). Strings are returned as they are (fast path). */
export function addressKey(addr: AddressLike): string {
  if (typeof addr === "string") {
    if (addr.length === 0) throw new BorelError("bad-address", "an address cannot be empty");
    return addr;
  }
  if (typeof addr === "number") return String(addr);
  if (!Array.isArray(addr))
    throw new BorelError("bad-address", `an address must be a string, a number or an array of them, got ${addr === null ? "null" : typeof addr}`, { hint: "t.sample(\"x\", ...) or t.sample([\"x\", i], ...)" });
  if (addr.length === 0) throw new BorelError("bad-address", "an address cannot be empty");
  if (addr.length === 1) return String(addr[0]);
  if (addr.length === 2) {
    const name = addr[0], i = addr[1];
    if (typeof name === "string" && typeof i === "number" && i >>> 0 === i && i < MAX_CACHED_INDEX) return indexedKey(name, i);
  }
  let s = String(addr[0]);
  for (let i = 1; i < addr.length; i++) s += "/" + addr[i];
  return s;
}

// Keys of `[name, i]` addresses, kept once built: a loop's addresses are the same strings in every run (no
// concatenation, and comparisons against an earlier run's keys are by identity). Bounded in names and keys.
const MAX_CACHED_INDEX = 1 << 16, MAX_CACHED_KEYS = 1 << 20;
const indexedKeys = new Map<string, string[]>();
let cachedKeys = 0;

function indexedKey(name: string, i: number): string {
  let keys = indexedKeys.get(name);
  if (keys === undefined) {
    if (cachedKeys >= MAX_CACHED_KEYS) return `${name}/${i}`;
    keys = [];
    indexedKeys.set(name, keys);
  }
  let k = keys[i];
  if (k === undefined) {
    k = `${name}/${i}`;
    if (cachedKeys < MAX_CACHED_KEYS) { keys[i] = k; cachedKeys++; }
  }
  return k;
}

/** The parts of a key; all-digit parts become numbers ("y/3" → ["y", 3]). */
export function parseKey(key: string): (string | number)[] {
  return key.split("/").map((p) => (/^(0|[1-9]\d*)$/.test(p) ? Number(p) : p));
}

/** The address as an array of parts. */
export function toAddress(addr: AddressLike): Address {
  if (typeof addr === "string") return parseKey(addr);
  if (typeof addr === "number") return [addr];
  return addr;
}

/** `prefix/key`, or `key` when the prefix is empty. */
export function joinKey(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}/${key}`;
}

/** True when `key` equals `prefix` or lies under it. */
export function isUnder(key: string, prefix: string): boolean {
  return key === prefix || (key.length > prefix.length && key.startsWith(prefix) && key.charCodeAt(prefix.length) === 47);
}

/** The address pattern of a key: numeric parts replaced by "*" ("y/3" → "y/*"). */
export function keyPattern(key: string): string {
  return key.split("/").map((p) => (/^\d+$/.test(p) ? "*" : p)).join("/");
}
